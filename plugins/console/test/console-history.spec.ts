import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describeInBrowser, type TestServer } from '../../../testing.js';
import { startConsoleServer } from './console-server.js';
import { openConsole, runToEnd } from './console-session.js';
import { sequenceSource, type RunScript } from './sequence-source.js';

const TOKEN = 'console-history-token-0123456789';
/** Three good runs, one that fails before its first row, then enough good ones to pass the 30 the page shows. */
const SCRIPT: readonly RunScript[] = [{ rows: 5 }, { rows: 5 }, { rows: 5 }, 'fail', { rows: 7 }];
const RUNS = 33;
const FAILED_AT = 3;

describeInBrowser("console: a connector's chart and history", (browser) => {
  let server: TestServer;
  let page: Page;
  const runIds: string[] = [];

  before(async () => {
    server = await startConsoleServer(
      TOKEN,
      [{ nqlId: 'crm_users', name: 'CRM users', connector: 'scripted' }],
      [sequenceSource('scripted', SCRIPT)],
    );
    for (let i = 0; i < RUNS; i++) runIds.push((await runToEnd(server, 'crm_users')).runId);
    page = await openConsole(browser(), server, TOKEN);
    await page.goto(`${server.url}/console/connectors/crm_users`);
    await page.waitForSelector('#history tbody tr');
  });
  after(async () => {
    await page?.close();
    await server?.stop();
  });

  it('shows a run that failed before its first row as a bar in the failure colour, with what happened in its title', async () => {
    const failed = await page.$$eval('svg.chart rect.bar.failure', (rects) =>
      rects.map((r) => ({
        run: r.getAttribute('data-run-id'),
        fill: r.getAttribute('fill'),
        height: Number(r.getAttribute('height')),
        drawn: r.getBoundingClientRect().height,
        title: r.querySelector('title')?.textContent,
      })),
    );
    expect(failed.map((f) => [f.run, f.fill])).to.deep.equal([[runIds[FAILED_AT], '#e5877f']]);
    expect(failed[0]!.height).to.be.at.least(12);
    expect(failed[0]!.drawn).to.be.greaterThan(0);
    expect(failed[0]!.title).to.match(/: failure, 0 rows, .* \(Synthetic source failed at row 0\)$/);
    const good = await page.$$eval('svg.chart rect.bar.success', (rects) =>
      rects.map((r) => Number(r.getAttribute('height'))),
    );
    expect(good).to.have.length(29);
    // The good runs' bars are as high as their rows say: 7 rows, the most of the runs shown, fill the plot.
    expect(new Set(good)).to.deep.equal(new Set([180]));
  });

  it('shows the 30 newest runs and downloads every run of the connector as CSV', async () => {
    expect(await page.$$eval('#history tbody tr', (trs) => trs.length)).to.equal(30);
    expect(await page.textContent('#history-count')).to.equal(`the newest 30 of ${RUNS} runs`);
    expect(await page.textContent('#history-csv')).to.equal(`Download CSV (all ${RUNS})`);
    const exports: string[] = [];
    page.on('request', (request) => void (request.url().includes('/api/runs.csv') && exports.push(request.method())));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#history-csv')]);
    expect(download.suggestedFilename()).to.equal('tributary-crm_users-runs.csv');
    const lines = readFileSync((await download.path())!, 'utf8').split('\r\n');
    const header = lines.shift()!.split(',');
    expect(lines.pop()).to.equal('');
    expect(header).to.include.members(['time', 'status', 'details.run_id', 'details.number_of_processed_rows']);
    const ids = lines.map((line) => line.split(',')[header.indexOf('details.run_id')]);
    expect(ids, 'every run, newest first').to.deep.equal([...runIds].reverse());
    const statuses = lines.map((line) => line.split(',')[header.indexOf('status')]);
    expect(statuses.filter((s) => s === 'failure')).to.have.length(1);
    expect(statuses[RUNS - 1 - FAILED_AT]).to.equal('failure');
    expect(exports).to.deep.equal(['GET']);
  });
});
