import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { Entry, RunLogLine } from '../browser/api-types.js';
import { describeInBrowser } from '../../../testing.js';
import { BATCH, PEOPLE, listedRun, startControlConsole, type ControlConsole } from './control-console-server.js';
import { openConsole, runToEnd, screenshot } from './console-session.js';

const TOKEN = 'console-run-page-token-0123456789';
const ROWS = 60;

/** The cells of the rows of `selector` (a table body's rows), as text. */
const cells = (page: Page, selector: string): Promise<string[][]> =>
  page.$$eval(selector, (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));

/** Waits until the element `selector` holds exactly `text`. */
const shows = (page: Page, selector: string, text: string): Promise<unknown> =>
  page.waitForSelector(`${selector}:text-is(${JSON.stringify(text)})`);

describeInBrowser("console: a run's page, finished or in progress", (browser) => {
  let c: ControlConsole;
  let page: Page;

  const api = async <T>(path: string): Promise<T> => {
    const response = await c.server.fetch(path);
    expect(response.status, path).to.equal(200);
    return (await response.json()) as T;
  };

  before(async () => {
    c = await startControlConsole(TOKEN, { rows: ROWS });
    page = await openConsole(browser(), c.server, TOKEN, {
      viewport: { width: 1280, height: 900 },
      timezoneId: 'Asia/Kolkata',
    });
  });
  after(async () => {
    await page?.close();
    await c?.close();
  });

  it('shows a finished run: its counts, status and full description from the log, and its log lines', async () => {
    const result = await runToEnd(c.server, PEOPLE);
    expect(result.status, result.description).to.equal('success');
    const entry = await api<Entry>(`/api/runs/${result.runId}`);
    const { lines } = await api<{ lines: RunLogLine[] }>(`/api/runs/${result.runId}/log`);
    expect(lines.map((l) => l.message).join('\n')).to.include('Run ended: success');

    await page.goto(`${c.server.url}/console/runs/${result.runId}`);
    await page.waitForSelector('#run-log tbody tr');
    const counts = Object.fromEntries(
      await page.$$eval('#run-counts td', (tds) => tds.map((td) => [td.dataset['count'], td.textContent])),
    ) as Record<string, string>;
    const { duration, ...rest } = counts;
    expect(rest).to.deep.equal({
      received: String(ROWS),
      processed: String(ROWS),
      imported: String(entry['details.number_of_imported_rows']),
      'api-calls': String(ROWS / BATCH),
      leavers: '0',
      changes: '0',
    });
    expect(entry['details.number_of_imported_rows']).to.equal(ROWS);
    expect(duration).to.match(/^(\d+ ms|\d+\.\d s)$/);
    expect(await page.textContent('#run-description')).to.equal(entry['details.description']);
    expect(await page.textContent('.facts .badge')).to.equal('success');
    const shown = await cells(page, '#run-log tbody tr');
    expect(shown.map(([, level, message]) => [level, message])).to.deep.equal(lines.map((l) => [l.level, l.message]));
    const titles = await page.$$eval('#run-log tbody tr time', (times) => times.map((t) => t.getAttribute('title')));
    expect(titles).to.deep.equal(lines.map((l) => new Date(l.time).toISOString()));
    // In the browser's zone (UTC+05:30 here), the UTC time in the title.
    expect(shown.map(([time]) => time!.endsWith(' GMT+5:30'))).to.deep.equal(lines.map(() => true));
  });

  it('shows a run in progress with its progress, and Cancel, once confirmed, ends it as a failure', async () => {
    const paused = c.pauseAt(2);
    expect((await c.server.fetch(`/api/connectors/${PEOPLE}/run`, { method: 'POST' })).status).to.equal(202);
    await paused.reached;
    const runId = await listedRun(page, TOKEN, '/api/runs/live', PEOPLE);
    await page.goto(`${c.server.url}/console/runs/${runId}`);
    await shows(page, '#live-received', `${2 * BATCH} of ${ROWS}`);
    await shows(page, '#live-processed', String(2 * BATCH));
    expect(await page.textContent('#live-phase')).to.equal('reading');
    expect(await page.textContent('.facts .badge')).to.equal('running');
    expect(await page.$eval('#live-bar', (bar) => [bar.getAttribute('value'), bar.getAttribute('max')])).to.deep.equal([
      String(2 * BATCH),
      String(ROWS),
    ]);
    expect(await page.textContent('#live-rate')).to.match(/^[\d,.]+$/);
    expect(await page.textContent('#live-eta')).to.match(/^\d+ (s|min)/);
    await page.waitForSelector(`#run-log tbody tr td:text("Run ${runId} started")`);
    await screenshot(page, 'console-run-live.png');

    const without = await browser().newPage();
    try {
      await without.goto(`${c.server.url}/console/runs/${runId}`);
      await without.waitForSelector('#messages .message.error');
      expect(await without.textContent('#messages')).to.include('operator token');
      expect(await without.$$('#live, #cancel-run')).to.have.length(0);
    } finally {
      await without.close();
    }

    await page.click('#cancel-run');
    expect(await page.isVisible('#confirm-cancel-run')).to.equal(true);
    await page.click('#keep-cancel-run');
    expect(await page.isVisible('#confirm-cancel-run')).to.equal(false);
    const ended = c.server.nextRunEnd(PEOPLE);
    await page.click('#cancel-run');
    await page.click('#confirm-cancel-run');
    await page.waitForSelector('#action-outcome:not([hidden])');
    expect(await page.getAttribute('#action-outcome', 'class')).to.equal('message');
    expect(await page.textContent('#action-outcome')).to.include(runId);
    const result = await ended;
    expect(result.runId).to.equal(runId);
    expect(result.status).to.equal('failure');
    expect(result.description).to.match(/cancel/i);

    await shows(page, '#run-description', result.description);
    expect(await page.textContent('.facts .badge')).to.equal('failure');
    expect(await page.$$('#live, #cancel-run')).to.have.length(0);
    expect(await page.textContent('#run-log')).to.include('Run ended: failure');
    paused.release();
  });
});
