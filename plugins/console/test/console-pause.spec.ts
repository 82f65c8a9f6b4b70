import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { ConnectorStatus } from 'tributary-kit';
import { describeInBrowser, type TestServer } from '../../../testing.js';
import { startConsoleServer } from './console-server.js';
import { openConsole, runToEnd, screenshot } from './console-session.js';
import { sequenceSource } from './sequence-source.js';

const TOKEN = 'console-pause-token-0123456789';
const DAILY = { recurrence: 'daily', at: '02:00', timezone: 'Europe/Zurich' };

async function connector(server: TestServer, nqlId: string): Promise<ConnectorStatus> {
  return (await (await server.fetch(`/api/connectors/${nqlId}`)).json()) as ConnectorStatus;
}

/** The badges of a connector's row in the list (`on time`, `paused`, …). */
async function listBadges(page: Page, nqlId: string): Promise<string[]> {
  return page.$$eval(`#connectors tr[data-nql-id="${nqlId}"] td.health .badge`, (spans) =>
    spans.map((s) => s.textContent ?? ''),
  );
}

describeInBrowser("console: a connector's health, and pausing and resuming its schedule", (browser) => {
  let server: TestServer;
  let page: Page;

  before(async () => {
    server = await startConsoleServer(
      TOKEN,
      [
        { nqlId: 'crm_users', name: 'CRM users', connector: 'good', schedule: DAILY },
        { nqlId: 'hr_users', name: 'HR directory', connector: 'flaky' },
        { nqlId: 'erp_users', name: 'ERP users', connector: 'broken' },
      ],
      [
        sequenceSource('good', [{ rows: 3 }]),
        sequenceSource('flaky', [{ rows: 3 }, 'fail']),
        sequenceSource('broken', ['fail']),
      ],
    );
    // crm_users succeeds; hr_users succeeds, then fails; erp_users fails three times in a row (quarantine).
    for (const nqlId of ['crm_users', 'hr_users', 'hr_users', 'erp_users', 'erp_users', 'erp_users'])
      await runToEnd(server, nqlId);
    page = await openConsole(browser(), server, TOKEN, { viewport: { width: 1400, height: 520 } });
  });
  after(async () => {
    await page?.close();
    await server?.stop();
  });

  it('shows each connector on time, or in error when its newest run failed, and a quarantine with its failures', async () => {
    await page.waitForSelector('#connectors tr[data-nql-id="erp_users"] .badge.quarantined');
    expect(await listBadges(page, 'crm_users')).to.deep.equal(['on time']);
    expect(await listBadges(page, 'hr_users')).to.deep.equal(['error']);
    expect(await listBadges(page, 'erp_users')).to.deep.equal(['error', 'quarantined']);
    const erp = await connector(server, 'erp_users');
    expect(erp.quarantine?.failures).to.equal(3);
    const note = await page.textContent('#connectors tr[data-nql-id="erp_users"] .state-quarantine small');
    expect(note).to.match(/^ 3 failures in a row, until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+$/);
    expect(await page.getAttribute('#connectors tr[data-nql-id="erp_users"] .state-quarantine time', 'title')).to.equal(
      erp.quarantine?.until,
    );
    // Only a stopped schedule has a button on the list: Resume.
    expect(
      await page.$$eval('#connectors button[data-schedule]', (bs) => bs.map((b) => b.closest('tr')?.dataset['nqlId'])),
    ).to.deep.equal(['erp_users']);
    await screenshot(page, 'console-health.png');
  });

  it('pauses the schedule from the connector page, says so, and resumes it', async () => {
    await page.goto(`${server.url}/console/connectors/crm_users`);
    await page.waitForSelector('#connector-state .badge.health.on-time');
    const posts: string[] = [];
    page.on('request', (r) => void (r.method() === 'POST' && posts.push(new URL(r.url()).pathname)));
    await page.click('button[data-schedule="pause"]');
    await page.waitForSelector('#connector-state .badge.paused');
    const paused = await connector(server, 'crm_users');
    expect(paused.paused?.by).to.equal('token'); // the name of server.token
    expect(await page.textContent('#messages')).to.equal(
      'crm_users paused: its scheduled runs do not start until it is resumed',
    );
    expect(await page.textContent('#connector-state .paused-by')).to.equal('token');
    expect(await page.getAttribute('#connector-state .state-paused time', 'title')).to.equal(paused.paused?.at);
    expect(await page.textContent('button[data-schedule]')).to.equal('Resume schedule');
    await screenshot(page, 'console-paused.png');
    await page.goto(`${server.url}/console`);
    await page.waitForSelector('#connectors tr[data-nql-id="crm_users"] .badge.paused');
    expect(await listBadges(page, 'crm_users')).to.deep.equal(['on time', 'paused']);
    await page.goto(`${server.url}/console/connectors/crm_users`);
    await page.click('button[data-schedule="resume"]');
    await page.waitForSelector('button[data-schedule="pause"]');
    expect(await page.$$('#connector-state .badge.paused')).to.have.length(0);
    expect((await connector(server, 'crm_users')).paused).to.equal(undefined);
    expect(await page.textContent('#messages')).to.match(/^crm_users resumed/);
    expect(posts).to.deep.equal(['/api/connectors/crm_users/pause', '/api/connectors/crm_users/resume']);
  });

  it('resumes a quarantined connector from the list, which lifts the quarantine', async () => {
    await page.goto(`${server.url}/console`);
    await page.click('#connectors tr[data-nql-id="erp_users"] button[data-schedule="resume"]');
    await page.waitForSelector('#connectors tr[data-nql-id="erp_users"] td.health:not(:has(.quarantined))');
    expect((await connector(server, 'erp_users')).quarantine).to.equal(undefined);
    expect(await listBadges(page, 'erp_users')).to.deep.equal(['error']);
    expect(await page.$$('#connectors button[data-schedule]')).to.have.length(0);
  });

  it("lists who paused and resumed what on the audit page, newest first, with the token's name", async () => {
    await Promise.all([page.waitForEvent('load'), page.click('header nav a:text("Audit")')]);
    await page.waitForSelector('#audit tbody tr');
    const rows = await page.$$eval('#audit tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent ?? '')),
    );
    expect(rows.slice(0, 3)).to.deep.equal([
      ['token (127.0.0.1)', 'resume', 'erp_users', 'done'],
      ['token (127.0.0.1)', 'resume', 'crm_users', 'done'],
      ['token (127.0.0.1)', 'pause', 'crm_users', 'done'],
    ]);
    const { total } = (await (await server.fetch('/api/audit')).json()) as { total: number };
    expect(await page.textContent('#audit-count')).to.equal(`entries 1–${total} of ${total}`);
    expect(rows.filter((r) => r[1] === 'run-now')).to.have.length(6); // the runs the suite started
    expect(await page.getAttribute('#audit tbody tr:first-child td.target a', 'href')).to.equal(
      '/console/connectors/erp_users',
    );
    await screenshot(page, 'console-audit.png');
  });

  it('disables Pause on a read-only server (no token)', async () => {
    const readOnly = await startConsoleServer('', [{ nqlId: 'crm_users', name: 'CRM users', schedule: DAILY }]);
    const anonymous = await browser().newPage();
    try {
      await anonymous.goto(`${readOnly.url}/console/connectors/crm_users`);
      const button = await anonymous.waitForSelector('button[data-schedule="pause"]');
      expect(await button.isDisabled()).to.equal(true);
      expect(await button.getAttribute('title')).to.equal('read-only: the server has no token');
    } finally {
      await anonymous.close();
      await readOnly.stop();
    }
  });
});
