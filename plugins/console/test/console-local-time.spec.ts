import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { describeInBrowser, type TestServer } from '../../../testing.js';
import { startConsoleServer } from './console-server.js';
import { openConsole, runToEnd } from './console-session.js';

const TOKEN = 'console-local-time-token-0123456789';
/** Japan has one offset all year: UTC+9, which the console's en-US format names `GMT+9`. */
const ZONE = 'Asia/Tokyo';
const OFFSET_MS = 9 * 3_600_000;
const LOCAL_NAME = 'GMT+9';

/** `2026-01-31 02:00:00`: an ISO time's date and time of day, shifted by `offsetMs`. */
const shifted = (iso: string, offsetMs: number): string =>
  new Date(Date.parse(iso) + offsetMs)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '');

describeInBrowser("console: times in the browser's time zone, or in UTC", (browser) => {
  let server: TestServer;
  let page: Page;
  let time: string;

  before(async () => {
    server = await startConsoleServer(TOKEN, [{ nqlId: 'crm_users', name: 'CRM users' }]);
    const { runId } = await runToEnd(server, 'crm_users');
    const run = (await (await server.fetch(`/api/runs/${runId}`)).json()) as { time: string };
    time = run.time;
    page = await openConsole(browser(), server, TOKEN, { timezoneId: ZONE });
  });
  after(async () => {
    await page?.close();
    await server?.stop();
  });

  /** The text and title of the first time `selector` finds on the page at `path`. */
  async function timeAt(path: string, selector: string): Promise<{ text: string; title: string }> {
    await page.goto(`${server.url}${path}`);
    const tag = await page.waitForSelector(`${selector} time`);
    return { text: (await tag.textContent()) ?? '', title: (await tag.getAttribute('title')) ?? '' };
  }

  /** The run's time as the list, the connector page and the query page show it, and their titles. */
  async function shown(): Promise<{ texts: string[]; titles: string[] }> {
    const times = [
      await timeAt('/console', '#connectors tr[data-nql-id="crm_users"] td:nth-child(5)'),
      await timeAt('/console/connectors/crm_users', '#history tbody tr'),
      await timeAt(
        `/console/query?nql=${encodeURIComponent('platform.inbound_connector_logs | list time, status')}`,
        '#rows tbody tr',
      ),
    ];
    return { texts: times.map((t) => t.text), titles: times.map((t) => t.title) };
  }

  it("shows every time in the browser's zone by default, the UTC ISO in its title", async () => {
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).to.equal(ZONE);
    expect(await page.textContent('#time-zone')).to.equal(`Times: local (${ZONE})`);
    const { texts, titles } = await shown();
    expect(texts).to.deep.equal(Array(3).fill(`${shifted(time, OFFSET_MS)} ${LOCAL_NAME}`));
    expect(titles).to.deep.equal(Array(3).fill(time));
  });

  it('switches to UTC, remembers it in this browser, and switches back', async () => {
    await Promise.all([page.waitForEvent('load'), page.click('#time-zone')]);
    expect(await page.textContent('#time-zone')).to.equal('Times: UTC');
    const utc = await shown(); // pages loaded anew: the choice is remembered
    expect(utc.texts).to.deep.equal(Array(3).fill(`${shifted(time, 0)} UTC`));
    expect(utc.titles).to.deep.equal(Array(3).fill(time));
    expect(await page.evaluate('localStorage.getItem("tributary-times")')).to.equal('utc');
    await Promise.all([page.waitForEvent('load'), page.click('#time-zone')]);
    expect(await page.textContent('#time-zone')).to.equal(`Times: local (${ZONE})`);
    expect((await shown()).texts).to.deep.equal(Array(3).fill(`${shifted(time, OFFSET_MS)} ${LOCAL_NAME}`));
  });
});
