import type { HttpRoute, RouteReply } from 'tributary-kit';
import { consoleAssets } from './console-assets.js';
import { consolePage } from './console-page.js';

export const CONSOLE_BASE = '/console';
/** Where the assets are: `/console/assets/<version>/app.js`; the version changes with any asset. */
const CONSOLE_ASSETS = `${CONSOLE_BASE}/assets`;
/** A versioned asset never changes, so the browser may keep it; the pages themselves are never stored. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const html =
  (title: string): HttpRoute['handle'] =>
  async ({ writable }) => {
    const { version } = await consoleAssets();
    return {
      type: 'text/html; charset=utf-8',
      body: consolePage({ base: CONSOLE_BASE, assets: `${CONSOLE_ASSETS}/${version}`, title, writable }),
    };
  };

/**
 * One asset. Asked for under the current version, it may be cached for good; under another one (a page
 * loaded before the server changed) it is the current file, not to be stored.
 */
async function asset(params: Readonly<Record<string, string>>): Promise<RouteReply> {
  const { version, files } = await consoleAssets();
  const file = files.get(params['file'] ?? '');
  if (!file) return { status: 404, body: { error: 'No such console asset' } };
  return {
    type: file.type,
    headers: params['version'] === version ? { 'cache-control': IMMUTABLE } : {},
    body: file.body,
  };
}

/**
 * The console's routes. Pages and assets are `public`: they hold no data. Everything shown comes from
 * the JSON API, which the page calls with the operator's token (docs/operations.md).
 */
export const consoleRoutes: readonly HttpRoute[] = [
  {
    method: 'GET',
    path: '/',
    access: 'public',
    summary: 'redirects to the console',
    handle: () => ({ status: 302, headers: { location: CONSOLE_BASE }, body: '' }),
  },
  {
    method: 'GET',
    path: CONSOLE_BASE,
    access: 'public',
    summary: 'the web console: connectors',
    handle: html('Connectors'),
  },
  {
    method: 'GET',
    path: `${CONSOLE_BASE}/connectors/:nqlId`,
    access: 'public',
    summary: 'a connector: run history, chart, mapping preview, preview of one user',
    handle: html('Connector'),
  },
  {
    method: 'GET',
    path: `${CONSOLE_BASE}/runs/:runId`,
    access: 'public',
    summary: "a run's diff: its changes by field and action, and a searchable sample",
    handle: html('Run'),
  },
  {
    method: 'GET',
    path: `${CONSOLE_BASE}/changes`,
    access: 'public',
    summary: "a user's changes, newest first, across connectors",
    handle: html('Changes'),
  },
  {
    method: 'GET',
    path: `${CONSOLE_BASE}/query`,
    access: 'public',
    summary: 'NQL over the execution log, CSV download',
    handle: html('Query'),
  },
  {
    method: 'GET',
    path: `${CONSOLE_BASE}/overview`,
    access: 'public',
    summary: 'every connector over 1, 7 or 30 days: health, success rate, rows per day, age of the last success',
    handle: html('Overview'),
  },
  {
    method: 'GET',
    path: `${CONSOLE_BASE}/audit`,
    access: 'public',
    summary: 'the audit trail: who ran, paused, resumed, approved, rejected or cancelled what',
    handle: html('Audit'),
  },
  {
    method: 'GET',
    path: `${CONSOLE_ASSETS}/:version/:file`,
    access: 'public',
    summary: "the console's script modules and stylesheet",
    handle: ({ params }) => asset(params),
  },
];
