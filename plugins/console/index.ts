import { HttpRouteToken, PLUGIN_API_VERSION, contributions, definePlugin, type HttpRoute } from '../../core/index.js';
import { consolePage } from './console-page.js';
import { CONSOLE_JS } from './console-script.js';
import { CONSOLE_CSS } from './console-style.js';

export const CONSOLE_BASE = '/console';

const html = (title: string): HttpRoute['handle'] => ({ writable }) => ({
  type: 'text/html; charset=utf-8',
  body: consolePage({ base: CONSOLE_BASE, title, writable }),
});

/**
 * The console's routes. Pages and assets are `public`: they hold no data. Everything shown comes from
 * the JSON API, which the page calls with the operator's token (docs/operations.md).
 */
export const consoleRoutes: readonly HttpRoute[] = [
  { method: 'GET', path: '/', access: 'public', summary: 'redirects to the console', handle: () => ({ status: 302, headers: { location: CONSOLE_BASE }, body: '' }) },
  { method: 'GET', path: CONSOLE_BASE, access: 'public', summary: 'the web console: connectors', handle: html('Connectors') },
  { method: 'GET', path: `${CONSOLE_BASE}/connectors/:nqlId`, access: 'public', summary: 'a connector: run history, chart, mapping preview', handle: html('Connector') },
  { method: 'GET', path: `${CONSOLE_BASE}/query`, access: 'public', summary: 'NQL over the execution log, CSV download', handle: html('Query') },
  { method: 'GET', path: `${CONSOLE_BASE}/console.js`, access: 'public', handle: () => ({ type: 'text/javascript; charset=utf-8', body: CONSOLE_JS }) },
  { method: 'GET', path: `${CONSOLE_BASE}/console.css`, access: 'public', handle: () => ({ type: 'text/css; charset=utf-8', body: CONSOLE_CSS }) },
];

/** The web console of `serve` at /console: connector list, connector pages, NQL queries. */
export default definePlugin({
  id: 'console',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description: 'The web console at /console when serve listens: connectors, run history and chart, mapping preview, NQL with CSV',
  module: contributions(({ bind }) => {
    for (const route of consoleRoutes) bind(HttpRouteToken).toConstantValue(route);
  }),
});
