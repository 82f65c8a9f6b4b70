import type { FastifyInstance } from 'fastify';
import type { Logger } from 'tributary-kit';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';
import { routeKey } from 'tributary-kit/internal/kernel/plugins/reserved-routes.js';
import { systemClock, type Clock } from 'tributary-kit/internal/kernel/schedule/clock.js';
import type { ServedHosts } from '../scheduler/serve-host.js';
import { apiRoutes } from './api-routes.js';
import type { ServerRoute } from './server-route.js';
import { boundedFastify } from './bounded-fastify.js';
import { checkPool } from './check-pool.js';
import { createOperations } from './create-operations.js';
import { RefusedTokenLog } from './refused-token-log.js';
import { routeHandler, type RouteHandlerContext } from './route-handler.js';
import { serverReadiness } from './server-readiness.js';
import { serverSettings, type ServerSettings } from 'tributary-kit/internal/kernel/config/server-settings.js';

export interface OperatorServer {
  /** `http://127.0.0.1:8080` (the real port when the config asked for port 0). */
  readonly url: string;
  close(): Promise<void>;
}

export interface OperatorServerOptions {
  /** The time the refused-token log goes by (a test's fake clock). */
  readonly clock?: Pick<Clock, 'now'>;
}

/** The host's own routes first, then every plugin's (from the host in use at start). */
function allRoutes(builtin: readonly ServerRoute[], host: Host): Array<readonly [ServerRoute, boolean]> {
  return [
    ...builtin.map((route) => [route, true] as const),
    ...[...host.registry.httpRoutes.values()].map((route) => [route, false] as const),
  ];
}

function addRoutes(
  app: FastifyInstance,
  routes: ReadonlyArray<readonly [ServerRoute, boolean]>,
  context: RouteHandlerContext,
): void {
  const keys = new Set(routes.map(([route]) => routeKey(route)));
  for (const [route, isBuiltin] of routes) {
    // A GET to an action reaches the guard, which answers 405 (use POST) rather than 404.
    const get =
      route.access === 'write' && route.method === 'POST' && !keys.has(routeKey({ method: 'GET', path: route.path }));
    app.route({
      method: get ? ['POST', 'GET'] : route.method,
      url: route.path,
      handler: routeHandler(context, route, isBuiltin),
    });
  }
}

/** `http://host:port`, with an IPv6 address in brackets. */
function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * The HTTP server of `serve` (Fastify): the host's health checks and JSON API, then every plugin's
 * routes (the console, /metrics), each answered by a {@link routeHandler} (guarded, redacted).
 * Connections are bounded by the `server:` limits ({@link boundedFastify}), checks share one
 * {@link checkPool}, and wrong tokens are logged through a {@link RefusedTokenLog}.
 */
async function startOperatorServer(
  settings: ServerSettings,
  served: ServedHosts<Host>,
  logger: Logger,
  options: OperatorServerOptions = {},
): Promise<OperatorServer> {
  const checks = checkPool(settings.limits);
  const refusals = new RefusedTokenLog(logger, options.clock ?? systemClock);
  const builtin = apiRoutes(serverReadiness(served, createOperations(served, { checks })));
  const app = boundedFastify(settings.limits);
  addRoutes(app, allRoutes(builtin, served.current()), { settings, served, checks, refusals, logger });
  await app.listen({ host: settings.host, port: settings.port });
  const { port } = app.server.address() as { port: number };
  const url = urlOf(settings.host, port);
  logger.info(
    `HTTP server listening on ${url} (${settings.tokens.length > 0 ? 'token required for runs' : 'read-only: no server.token'})`,
  );
  return {
    url,
    close: async () => {
      await app.close();
    },
  };
}

/** serveHost's `startServer`: listens when the config's `server.listen` is set, else starts nothing. */
export function serverFromConfig(
  logger: Logger,
  onListening?: (server: OperatorServer) => void,
  options: OperatorServerOptions = {},
) {
  return async (served: ServedHosts<Host>): Promise<OperatorServer | undefined> => {
    const settings = serverSettings(served.current().config.server);
    if (!settings) return undefined;
    const server = await startOperatorServer(settings, served, logger, options);
    onListening?.(server);
    return server;
  };
}
