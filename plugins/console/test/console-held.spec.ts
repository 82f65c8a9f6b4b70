import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { HeldRun } from '../browser/api-types.js';
import { describeInBrowser } from '../../../testing.js';
import { PEOPLE, listedRun, startControlConsole, type ControlConsole } from './control-console-server.js';
import { openConsole, runToEnd, screenshot } from './console-session.js';

const TOKEN = 'console-held-token-0123456789';
const ROWS = 20;
/** More than this share of the users changing holds a run. */
const MAX_CHANGED_PERCENT = 20;

/** Waits until the element `selector` holds exactly `text`. */
const shows = (page: Page, selector: string, text: string): Promise<unknown> =>
  page.waitForSelector(`${selector}:text-is(${JSON.stringify(text)})`);

describeInBrowser('console: a held run waits on its page for Approve or Reject', (browser) => {
  let c: ControlConsole;
  let page: Page;

  /** Moves the users at `rows` to `department`, starts a run and resolves with its id once it is held. */
  const held = async (rows: readonly number[], department: string): Promise<HeldRun> => {
    for (const row of rows) c.departments[row] = department;
    expect((await c.server.fetch(`/api/connectors/${PEOPLE}/run`, { method: 'POST' })).status).to.equal(202);
    const runId = await listedRun(page, TOKEN, '/api/runs/held', PEOPLE);
    const { runs } = (await (await c.server.fetch('/api/runs/held')).json()) as { runs: HeldRun[] };
    return runs.find((r) => r.runId === runId)!;
  };
  /** Clicks the action button `id`, then its confirm button. */
  const confirmed = async (on: Page, id: string): Promise<void> => {
    await on.click(`#${id}`);
    await on.click(`#confirm-${id}`);
  };

  before(async () => {
    c = await startControlConsole(TOKEN, { rows: ROWS, hold: { maxChangedPercent: MAX_CHANGED_PERCENT } });
    const initial = await runToEnd(c.server, PEOPLE);
    expect(initial.status, initial.description).to.equal('success');
    page = await openConsole(browser(), c.server, TOKEN, { viewport: { width: 1280, height: 900 } });
  });
  after(async () => {
    await page?.close();
    await c?.close();
  });

  it('lists a held run above the connectors; its page shows why it is held, what it would commit and its deadline; Approve, once confirmed, commits it', async () => {
    const run = await held([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'Finance');
    expect(run.reasons).to.deep.equal([`10 users changed, 50.0 % of 20 users (hold.maxChangedPercent 20)`]);
    await page.goto(`${c.server.url}/console`);
    const listed = `#held-runs li[data-run-id="${run.runId}"]`;
    await page.waitForSelector(listed);
    expect(await page.textContent('#held-runs b')).to.equal('1 held run waits for a decision:');
    expect(await page.textContent(listed)).to.include(`${PEOPLE} held at `);
    expect(await page.textContent(listed)).to.include(run.reasons[0]);
    await page.click(`${listed} a`);
    await page.waitForSelector('#held #approve-run');
    expect(new URL(page.url()).pathname).to.equal(`/console/runs/${run.runId}`);
    expect(await page.$$eval('#held-reasons li', (lis) => lis.map((li) => li.textContent))).to.deep.equal(run.reasons);
    const counts = await page.$$eval('#held-counts td', (tds) =>
      tds.map((td) => [td.dataset['count'], td.textContent]),
    );
    expect(Object.fromEntries(counts)).to.deep.equal({
      receivedRows: '20',
      processedRows: '20',
      leavers: '0',
      clearedValues: '0',
      changedUsers: '10',
    });
    expect(await page.getAttribute('#held-deadline time', 'title')).to.equal(run.deadline);
    expect(await page.textContent('.facts .badge')).to.equal('held');
    expect(await page.isVisible('#cancel-run')).to.equal(false);
    await screenshot(page, 'console-held-run.png');

    const ended = c.server.nextRunEnd(PEOPLE);
    await confirmed(page, 'approve-run');
    await page.waitForSelector('#action-outcome:not([hidden])');
    expect(await page.getAttribute('#action-outcome', 'class')).to.equal('message');
    const result = await ended;
    expect(result.runId).to.equal(run.runId);
    expect(result.status, result.description).to.equal('success');
    expect(result.description).to.include('approved by');

    await shows(page, '#run-description', result.description);
    expect(await page.textContent('.facts .badge')).to.equal('success');
    await page.waitForSelector('#changes tbody tr');
    expect(await page.textContent('#changes-total')).to.equal('10');
    expect(await page.$$eval('#changes tbody tr', (trs) => trs.map((tr) => tr.dataset['user']))).to.have.members(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(c.upn),
    );
    expect(await page.$$('#held')).to.have.length(0);
  });

  it('shows no action to a tab without the token; Reject, once confirmed, fails the run and commits nothing', async () => {
    const run = await held([10, 11, 12, 13, 14, 15, 16, 17, 18, 19], 'Finance');
    const without = await browser().newPage();
    try {
      await without.goto(`${c.server.url}/console/runs/${run.runId}`);
      await without.waitForSelector('#messages .message.error');
      expect(await without.textContent('#messages')).to.include('operator token');
      expect(await without.$$('#held, #approve-run, #reject-run')).to.have.length(0);
    } finally {
      await without.close();
    }

    await page.goto(`${c.server.url}/console/runs/${run.runId}`);
    await page.click('#reject-run');
    expect(await page.textContent('#reject-run + .confirm')).to.include(
      'Reject this run? It fails and commits nothing.',
    );
    await page.click('#keep-reject-run');
    expect(await page.isVisible('#confirm-reject-run')).to.equal(false);
    const ended = c.server.nextRunEnd(PEOPLE);
    await confirmed(page, 'reject-run');
    const result = await ended;
    expect(result.status).to.equal('failure');
    expect(result.description).to.match(/rejected by .*nothing was committed/);

    await shows(page, '#run-description', result.description);
    expect(await page.textContent('.facts .badge')).to.equal('failure');
    await page.waitForSelector('#no-changes');
    expect((await c.server.fetch(`/api/runs/${run.runId}/changes`)).status).to.equal(404);
  });

  it('says why an action did nothing: the run was approved elsewhere and has ended', async () => {
    const run = await held([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'Support');
    const ended = c.server.nextRunEnd(PEOPLE);
    const tab = await openConsole(browser(), c.server, TOKEN);
    try {
      await tab.clock.install(); // the page reads the run again only after an action: no refresh to race with
      await tab.goto(`${c.server.url}/console/runs/${run.runId}`);
      await tab.waitForSelector('#held #reject-run');
      expect((await c.server.fetch(`/api/runs/${run.runId}/approve`, { method: 'POST' })).status).to.equal(200);
      const result = await ended;
      expect(result.status, result.description).to.equal('success');
      await confirmed(tab, 'reject-run');
      await tab.waitForSelector('#action-outcome.error');
      expect(await tab.textContent('#action-outcome')).to.equal(`No held run ${run.runId}`);
    } finally {
      await tab.close();
    }
  });
});
