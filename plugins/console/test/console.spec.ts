import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { ConnectorTemplate } from 'tributary-kit';
import { openConsole, runQuery, runToEnd, screenshot } from './console-session.js';
import { describeInBrowser, syntheticConnector, type TestServer } from '../../../testing.js';
import { startConsoleServer } from './console-server.js';

const TOKEN = 'console-test-token-0123456789';

const mapping = {
  identification: 'Username',
  fields: [
    { source: 'Department', target: 'department' },
    { source: 'Title', target: 'job_title' },
  ],
};
const connectors = [
  {
    nqlId: 'crm_users',
    name: 'CRM users',
    mapping,
    schedule: { recurrence: 'daily', at: '02:00', timezone: 'Europe/Zurich' },
  },
  { nqlId: 'hr_users', name: 'HR directory', connector: 'synthetic-hr', mapping, schedule: { cron: '0 */4 * * *' } },
];

/** hr_users' source: three good runs of different sizes, then one that fails at row 800. */
function hrSource(record: (i: number) => Record<string, string>): ConnectorTemplate {
  const runs = [1200, 1350, 1100].map((rows) => syntheticConnector({ rows, batchSize: 400, record }));
  runs.push(syntheticConnector({ rows: 1500, batchSize: 400, failAt: 800, record }));
  let next = 0;
  return {
    ...runs[0]!,
    id: 'synthetic-hr',
    displayName: 'HR directory (REST)',
    credentialTypes: ['fake'],
    read: (context) => runs[Math.min(next++, runs.length - 1)]!.read(context),
  };
}

/** crm_users' and hr_users' sources, with their records' departments and titles. */
function templates(): ConnectorTemplate[] {
  const record = (i: number) => ({
    Username: `user${i}@example.com`,
    Department: ['Sales', 'Finance', 'IT'][i % 3]!,
    Title: i % 2 ? 'Engineer' : 'Manager',
  });
  return [syntheticConnector({ rows: 420, batchSize: 100, record, credentialTypes: ['fake'] }), hrSource(record)];
}

describeInBrowser('console: the web console in a real browser', (browser) => {
  let server: TestServer;
  let page: Page;

  before(async () => {
    server = await startConsoleServer(TOKEN, connectors, templates());
    // Runs already in the log when the console opens: five successes, then hr_users fails.
    for (const nqlId of ['crm_users', 'hr_users', 'hr_users', 'crm_users', 'hr_users', 'hr_users'])
      await runToEnd(server, nqlId);
    page = await openConsole(browser(), server, TOKEN, { viewport: { width: 1280, height: 760 } });
  });
  after(async () => {
    await page?.close();
    await server?.stop();
  });

  /** `TRIBUTARY_SCREENSHOTS=docs/images npx mocha plugins/console/test/console.spec.ts` refreshes the README's pictures. */
  const shot = (name: string): Promise<void> => screenshot(page, name);

  it('lists the connectors with their last status and next run', async () => {
    await page.waitForSelector('#connectors tr[data-nql-id="hr_users"] .badge.failure');
    const rows = await page.$$eval('#connectors tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())),
    );
    expect(rows.map((r) => [r[0], r[1], r[3]])).to.deep.equal([
      ['CRM users', 'crm_users', 'success'],
      ['HR directory', 'hr_users', 'failure'],
    ]);
    expect(rows[0]![7]).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    await shot('console-connectors.png');
  });

  it('shows a failed run on its connector page, with the chart and the mapping preview', async () => {
    await page.click('a[href="/console/connectors/hr_users"]');
    await page.waitForSelector('#history tbody tr.failure');
    expect(await page.textContent('#history tbody tr.failure')).to.include('Synthetic source failed at row 800');
    expect(await page.$$eval('svg.chart rect[fill="#e5877f"]', (rects) => rects.length)).to.equal(1); // the failed run's bar
    expect(await page.$$eval('#history tbody tr', (trs) => trs.length)).to.equal(4);
    const checks: string[] = [];
    page.on(
      'request',
      (request) => void (request.url().endsWith('/api/connectors/hr_users/check') && checks.push(request.method())),
    );
    await page.click('text=Preview the mapping (check)');
    await page.waitForSelector('#preview table');
    expect(checks).to.deep.equal(['POST']); // an action: POST with the token, never a GET
    const preview = await page.$$eval('#preview tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(preview[0]).to.deep.equal(['user0@example.com', 'Sales', 'Manager']);
    await shot('console-failed-run.png');
  });

  it('runs a connector from its page and shows the new run', async () => {
    await page.goto(`${server.url}/console/connectors/crm_users`);
    await page.waitForSelector('#history tbody tr:nth-child(2)');
    expect(await page.$$eval('#history tbody tr', (trs) => trs.length)).to.equal(2);
    const ended = server.nextRunEnd('crm_users');
    await page.click('button[data-run="crm_users"]');
    const result = await ended;
    await page.waitForSelector(`#history tbody tr[data-run-id="${result.runId}"]`);
    expect(await page.$$eval('#history tbody tr', (trs) => trs.length)).to.equal(3);
  });

  it('runs an NQL query, shows the table and offers the result as CSV', async () => {
    await runQuery(
      page,
      server,
      'platform.inbound_connector_logs | summarize runs = count() by details.nql_id, status | sort details.nql_id asc, status asc',
    );
    const rows = await page.$$eval('#rows tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    expect(rows).to.deep.equal([
      ['crm_users', 'success', '3'],
      ['hr_users', 'failure', '1'],
      ['hr_users', 'success', '3'],
    ]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
    expect(download.suggestedFilename()).to.equal('tributary-logs.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).to.equal(
      'details.nql_id,status,runs\r\ncrm_users,success,3\r\nhr_users,failure,1\r\nhr_users,success,3\r\n',
    );
    await page.fill(
      '#nql',
      'platform.inbound_connector_logs during past 1d | list time, status, details.nql_id, details.number_of_processed_rows, details.description | sort time desc',
    );
    await page.click('#run-query');
    await page.waitForSelector('#rows tbody tr:nth-child(7)');
    expect(await page.textContent('#count')).to.equal('entries 1–7 of 7');
    await shot('console-query.png');
  });
});
