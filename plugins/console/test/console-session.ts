import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { RunResult } from 'tributary-kit';
import type { TestServer } from '../../../testing.js';

/** Runs `nqlId` through the JSON API, as the console's button does, and waits for the run's end. */
export async function runToEnd(server: TestServer, nqlId: string): Promise<RunResult> {
  const ended = server.nextRunEnd(nqlId);
  expect((await server.fetch(`/api/connectors/${nqlId}/run`, { method: 'POST' })).status).to.equal(202);
  return ended;
}

/** Runs `nql` on the console's query page and waits for the first row of its result. */
export async function runQuery(page: Page, server: TestServer, nql: string): Promise<void> {
  await page.goto(`${server.url}/console/query`);
  await page.fill('#nql', nql);
  await page.click('#run-query');
  await page.waitForSelector('#rows tbody tr');
}

/** A new page on the console, signed in with `token` (stored by the page, which then reloads). */
export async function openConsole(
  browser: Browser,
  server: TestServer,
  token: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const page = await browser.newPage(options);
  await page.goto(`${server.url}/console`);
  await page.fill('#token', token);
  await Promise.all([page.waitForEvent('load'), page.click('#token-save')]);
  return page;
}

/**
 * With `TRIBUTARY_SCREENSHOTS=<folder>` (e.g. `docs/images`), saves the whole page as `<folder>/<name>`:
 * how the docs' pictures of the console are refreshed. Does nothing otherwise.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env['TRIBUTARY_SCREENSHOTS'];
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, name), fullPage: true });
}
