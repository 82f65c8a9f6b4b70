import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { RunChanges } from '../browser/api-types.js';
import { describeInBrowser } from '../../../testing.js';
import { openConsole, runToEnd, screenshot } from './console-session.js';
import {
  storedUsers,
  SF_USERS,
  startSandboxConsole,
  type StoredUsers,
  type SandboxConsole,
} from './sandbox-console-server.js';

const TOKEN = 'console-changes-token-0123456789';
/** More active users than a page of the sample (25) shows twice over. */
const USERS = 40;
/** A department holding markup: the console must show it as text. */
const INJECTED = '<img src="x" onerror="window.injected = true">R&D <b>bold</b>';
const MOVED = 'Moved';
const NEW_TITLE = 'Head of Tests';

/** The cells of the rows of `selector` (a table body's rows), as text. */
const cells = (page: Page, selector: string): Promise<string[][]> =>
  page.$$eval(selector, (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));

/** Waits until the element `selector` holds exactly `text`. */
const shows = (page: Page, selector: string, text: string): Promise<unknown> =>
  page.waitForSelector(`${selector}:text-is(${JSON.stringify(text)})`);

describeInBrowser('console: run diffs and user timelines from the change ledger', (browser) => {
  let c: SandboxConsole;
  let page: Page;
  /**
   * The runs, in order: the initial load (not itemised); every user's department and title changed; two
   * departments changed; one changed back (a flip) and a title; nothing.
   */
  const runs: string[] = [];
  /** The users as the initial load stored them, and as the second run left them. */
  let loaded: StoredUsers;
  let first: StoredUsers;

  const api = async <T>(path: string): Promise<T> => {
    const response = await c.server.fetch(path);
    expect(response.status, path).to.equal(200);
    return (await response.json()) as T;
  };
  /** The row in the sandbox of the `n`th user the first run added. */
  const row = (n: number): number => first.rows[n]!;
  const upn = (n: number): string => first.upn(row(n));
  const firstValue = (n: number, field: string): string => first.value(row(n), field);

  before(async () => {
    c = await startSandboxConsole(TOKEN, USERS);
    const run = async (): Promise<void> => {
      const result = await runToEnd(c.server, SF_USERS);
      expect(result.status, result.description).to.equal('success');
      runs.push(result.runId);
    };
    await run();
    loaded = storedUsers(c.stateDir);
    for (const r of loaded.rows) c.sandbox.editUser(r, { Department: `Department ${r}`, Title: `Title ${r}` });
    await run();
    first = storedUsers(c.stateDir);
    c.sandbox.editUser(row(0), { Department: INJECTED });
    c.sandbox.editUser(row(1), { Department: MOVED });
    await run();
    c.sandbox.editUser(row(1), { Department: firstValue(1, 'department') });
    c.sandbox.editUser(row(2), { Title: NEW_TITLE });
    await run();
    await run();
    page = await openConsole(browser(), c.server, TOKEN, { viewport: { width: 1280, height: 760 } });
  });
  after(async () => {
    await page?.close();
    await c?.close();
  });

  it('opens a run from the history: its counts by field and action, the field that flips back flagged', async () => {
    await page.goto(`${c.server.url}/console/connectors/${SF_USERS}`);
    await page.click(`#history tr[data-run-id="${runs[3]}"] a`);
    await page.waitForSelector('#changes tbody tr');
    expect(new URL(page.url()).pathname).to.equal(`/console/runs/${runs[3]}`);
    expect(await cells(page, '#change-counts tbody tr')).to.deep.equal([
      ['departmentflipping', '0', '1', '0', '0', '1'],
      ['title', '0', '1', '0', '0', '0'],
    ]);
    expect(
      await page.$$eval('#change-counts tr.flipping', (trs) => trs.map((tr) => tr.dataset['field'])),
    ).to.deep.equal(['department']);
    expect(await page.textContent('#changes-total')).to.equal('2');
    const sample = await cells(page, '#changes tbody tr');
    expect(sample.sort()).to.deep.equal(
      [
        [upn(1), 'department', `${MOVED} → ${firstValue(1, 'department')}`, 'changed', 'flip'],
        [upn(2), 'title', `${firstValue(2, 'title')} → ${NEW_TITLE}`, 'changed', ''],
      ].sort(),
    );
    await screenshot(page, 'console-run-changes.png');
  });

  it("pages through a run's changes, and searches them by user and by field", async () => {
    const { fields } = await api<RunChanges>(`/api/runs/${runs[1]}/changes`);
    const active = fields.find((f) => f.field === 'title')!.changed;
    expect(fields.map((f) => [f.field, f.changed])).to.deep.equal([
      ['department', active],
      ['title', active],
    ]);
    expect(active).to.be.greaterThan(25);
    await page.goto(`${c.server.url}/console/runs/${runs[1]}`);
    await shows(page, '#changes-count', `changes 1–25 of ${2 * active}`);
    const firstPage = await page.$$eval('#changes tbody tr', (trs) => trs.map((tr) => tr.textContent));
    expect(firstPage).to.have.length(25);
    await page.click('button:text("next →")');
    await shows(page, '#changes-count', `changes 26–50 of ${2 * active}`);
    const secondPage = await page.$$eval('#changes tbody tr', (trs) => trs.map((tr) => tr.textContent));
    expect(secondPage).to.have.length(25);
    expect(secondPage.filter((row) => firstPage.includes(row))).to.deep.equal([]);

    await page.selectOption('#change-field', 'title');
    await shows(page, '#changes-count', `changes 1–25 of ${active}`);
    expect(await page.$$eval('#changes tbody tr', (trs) => trs.map((tr) => tr.dataset['field']))).to.deep.equal(
      Array<string>(25).fill('title'),
    );
    await page.fill('#change-user', upn(1).toUpperCase());
    await page.press('#change-user', 'Enter');
    await shows(page, '#changes-count', 'changes 1–1 of 1');
    expect(await cells(page, '#changes tbody tr')).to.deep.equal([
      [upn(1), 'title', `${loaded.value(row(1), 'title')} → ${firstValue(1, 'title')}`, 'changed', ''],
    ]);
    await page.selectOption('#change-field', '');
    await shows(page, '#changes-count', 'changes 1–2 of 2');
    await page.fill('#change-user', 'nobody@acme.example');
    await page.press('#change-user', 'Enter');
    await shows(page, '#changes-count', 'no changes');
    expect(await page.$$('#changes')).to.have.length(0);
  });

  it('shows a value holding markup as text, never as HTML', async () => {
    await page.goto(`${c.server.url}/console/runs/${runs[2]}`);
    await page.waitForSelector(`#changes tbody tr[data-user="${upn(0)}"]`);
    const change = await page.textContent(`#changes tbody tr[data-user="${upn(0)}"] td.change`);
    expect(change).to.equal(`${firstValue(0, 'department')} → ${INJECTED}`);
    expect(await page.$$('#changes img, #changes b')).to.have.length(0);
    await page.goto(`${c.server.url}/console/changes?user=${encodeURIComponent(upn(0))}`);
    await page.waitForSelector('#timeline tbody tr');
    expect(await page.textContent('#timeline tbody tr:first-child td.change')).to.equal(
      `${firstValue(0, 'department')} → ${INJECTED}`,
    );
    expect(await page.$$('#timeline img, #timeline b')).to.have.length(0);
    expect(await page.evaluate('typeof window.injected')).to.equal('undefined');
  });

  it("lists a user's changes newest first, each linking to its run's diff", async () => {
    await page.goto(`${c.server.url}/console`);
    await page.click('header nav a:text("Changes")');
    await page.fill('#timeline-user', upn(1));
    await page.press('#timeline-user', 'Enter');
    await page.waitForSelector('#timeline tbody tr');
    expect(new URL(page.url()).search).to.equal(`?user=${encodeURIComponent(upn(1))}`);
    expect(await page.textContent('#timeline-count')).to.equal('changes 1–4 of 4');
    const rows = await cells(page, '#timeline tbody tr');
    const department = firstValue(1, 'department');
    // The second run's two changes share its time: their order is not the ledger's to promise.
    expect([...rows.slice(0, 2), ...rows.slice(2).sort()].map(([, ...rest]) => rest)).to.deep.equal([
      [SF_USERS, 'department', `${MOVED} → ${department}`, 'changed', 'flip', runs[3]],
      [SF_USERS, 'department', `${department} → ${MOVED}`, 'changed', '', runs[2]],
      [SF_USERS, 'department', `${loaded.value(row(1), 'department')} → ${department}`, 'changed', '', runs[1]],
      [SF_USERS, 'title', `${loaded.value(row(1), 'title')} → ${firstValue(1, 'title')}`, 'changed', '', runs[1]],
    ]);
    const times = rows.map(([time]) => time!);
    expect(times.every((t) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/.test(t))).to.equal(true);
    expect([...times].sort().reverse()).to.deep.equal(times);
    await screenshot(page, 'console-user-changes.png');
    await page.click('#timeline tbody tr:first-child a.run-id');
    await page.waitForSelector('#change-counts');
    expect(new URL(page.url()).pathname).to.equal(`/console/runs/${runs[3]}`);
  });

  it('says so when the ledger holds nothing for a run', async () => {
    await page.goto(`${c.server.url}/console/runs/${runs[4]}`);
    await page.waitForSelector('#no-changes');
    expect(await page.textContent('#no-changes')).to.equal(
      'No changes recorded for this run: nothing changed, or the sink does not report changes.',
    );
    expect(await page.textContent('.facts')).to.include(SF_USERS);
    expect(await page.$$('#change-counts, #changes')).to.have.length(0);
  });
});
