import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openConsole, runQuery, runToEnd } from './console-session.js';
import { describeInBrowser, type TestServer } from '../../../testing.js';
import { startConsoleServer } from './console-server.js';

const TOKEN = 'console-csv-token-0123456789';
/** More runs than the query page shows (100 entries a page). */
const RUNS = 105;
const CONNECTORS = ['a_users', 'b_users', 'c_users', 'd_users', 'e_users'];

describeInBrowser('console: the CSV download holds the whole query result', (browser) => {
  let server: TestServer;
  let page: Page;

  before(async () => {
    server = await startConsoleServer(
      TOKEN,
      CONNECTORS.map((nqlId) => ({ nqlId, name: `Users ${nqlId[0]}` })),
    );
    // The connectors run side by side, each one run after the other.
    await Promise.all(
      CONNECTORS.map(async (nqlId, i) => {
        for (let run = i; run < RUNS; run += CONNECTORS.length) await runToEnd(server, nqlId);
      }),
    );
    page = await openConsole(browser(), server, TOKEN);
  });
  after(async () => {
    await page?.close();
    await server?.stop();
  });

  it('shows one page of 100 entries and downloads all 105, from the server', async () => {
    await runQuery(
      page,
      server,
      'platform.inbound_connector_logs | sort time desc | list details.run_id, details.nql_id, status',
    );
    expect(await page.textContent('#count')).to.equal(`entries 1–100 of ${RUNS}`);
    expect(await page.$$eval('#rows tbody tr', (trs) => trs.length)).to.equal(100);
    expect(await page.textContent('#csv')).to.equal(`Download CSV (all ${RUNS})`);
    const exports: string[] = [];
    page.on('request', (request) => void (request.url().includes('/api/runs.csv') && exports.push(request.method())));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
    expect(download.suggestedFilename()).to.equal('tributary-logs.csv');
    const lines = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(lines.shift()).to.equal('details.run_id,details.nql_id,status');
    expect(lines.pop()).to.equal('');
    expect(lines).to.have.length(RUNS);
    expect(new Set(lines.map((line) => line.split(',')[0])).size).to.equal(RUNS);
    expect(lines.every((line) => /^[0-9a-f-]{36},[a-e]_users,success$/.test(line))).to.equal(true);
    expect(exports).to.deep.equal(['GET']);
  });
});
