import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { describeInBrowser, type TestServer } from '../../../testing.js';
import { startConsoleServer } from './console-server.js';
import { openConsole, runToEnd, screenshot } from './console-session.js';
import { sequenceSource } from './sequence-source.js';

const TOKEN = 'console-overview-token-0123456789';

/** What the overview's table shows of a connector: name, health, runs, successes, rate, rows per day. */
async function overviewRows(page: Page): Promise<string[][]> {
  return page.$$eval('#overview tbody tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 6).map((td) => td.textContent ?? '')),
  );
}

describeInBrowser('console: the overview of every connector', (browser) => {
  let server: TestServer;
  let page: Page;

  before(async () => {
    server = await startConsoleServer(
      TOKEN,
      [
        { nqlId: 'crm_users', name: 'CRM users', connector: 'crm' },
        { nqlId: 'hr_users', name: 'HR directory', connector: 'hr' },
        { nqlId: 'erp_users', name: 'ERP users', connector: 'crm' },
      ],
      [sequenceSource('crm', [{ rows: 140 }]), sequenceSource('hr', [{ rows: 70 }, { rows: 70 }, 'fail'])],
    );
    // crm_users: 3 runs of 140 rows; hr_users: 2 of 70 rows, then a failure; erp_users never runs.
    for (const nqlId of ['crm_users', 'hr_users', 'crm_users', 'hr_users', 'crm_users', 'hr_users'])
      await runToEnd(server, nqlId);
    page = await openConsole(browser(), server, TOKEN, { viewport: { width: 1280, height: 520 } });
  });
  after(async () => {
    await page?.close();
    await server?.stop();
  });

  it('is linked from every page, and shows the last 7 days by default: runs, successes, rate, rows per day, health', async () => {
    await Promise.all([page.waitForEvent('load'), page.click('header nav a:text("Overview")')]);
    expect(new URL(page.url()).pathname).to.equal('/console/overview');
    await page.waitForSelector('#overview tbody tr[data-nql-id="erp_users"]');
    expect(await page.inputValue('#days')).to.equal('7');
    expect(await overviewRows(page)).to.deep.equal([
      ['CRM users', 'on time', '3', '3', '100 %', '60'], // 420 rows over 7 days
      ['HR directory', 'error', '3', '2', '66.7 %', '20'], // 140 rows over 7 days
      ['ERP users', 'on time', '0', '0', '—', '0'],
    ]);
    const ages = await page.$$eval('#overview tbody td.last-success', (tds) => tds.map((td) => td.textContent));
    expect(ages[0]).to.match(/^\d+ (s|min) ago$/);
    expect(ages[1]).to.match(/^\d+ (s|min) ago$/);
    expect(ages[2]).to.equal('never');
    expect(await page.$$eval('#overview td.rate.low', (tds) => tds.map((td) => td.textContent))).to.deep.equal([
      '66.7 %',
    ]);
    await screenshot(page, 'console-overview.png');
  });

  it('answers what the API says for the window chosen, and keeps it in the address', async () => {
    const asked: string[] = [];
    page.on('request', (r) => void (r.url().includes('/api/overview') && asked.push(new URL(r.url()).search)));
    await page.selectOption('#days', '1');
    await page.waitForSelector('#overview tbody tr[data-nql-id="crm_users"] td.rows-per-day:text-is("420")');
    expect(new Set(asked), 'the page asks for the window chosen').to.deep.equal(new Set(['?days=1']));
    expect(new URL(page.url()).search).to.equal('?days=1');
    const api = (await (await server.fetch('/api/overview?days=1')).json()) as {
      connectors: Array<{ rowsPerDay: number; runs: number }>;
    };
    expect(api.connectors.map((c) => [c.runs, c.rowsPerDay])).to.deep.equal([
      [3, 420],
      [3, 140],
      [0, 0],
    ]);
    expect((await overviewRows(page)).map((r) => r[5])).to.deep.equal(['420', '140', '0']);
    await page.goto(`${server.url}/console/overview?days=30`);
    await page.waitForSelector('#overview tbody tr[data-nql-id="crm_users"] td.rows-per-day:text-is("14")');
    expect(await page.inputValue('#days')).to.equal('30');
    expect((await overviewRows(page)).map((r) => r[5])).to.deep.equal(['14', '5', '0']); // 140 / 30 rounds to 5
  });
});
