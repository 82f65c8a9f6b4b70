import { HttpRoutes, PLUGIN_API_VERSION, definePlugin } from 'tributary-kit';
import { consoleRoutes } from './console-routes.js';

export { CONSOLE_BASE, consoleRoutes } from './console-routes.js';

/** The web console of `serve` at /console: connector list, connector pages, run diffs, user timelines, NQL queries. */
export default definePlugin({
  id: 'console',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description:
    'The web console at /console when serve listens: connectors, run history and chart, run diffs, user timelines, mapping and user previews, NQL with CSV',
  register(env) {
    for (const route of consoleRoutes) env.contribute(HttpRoutes, route);
  },
});
