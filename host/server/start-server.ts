import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { isTributaryError, type HttpRoute, type Logger, type RouteReply } from '../../core/index.js';
import type { Host } from '../create-host.js';
import { routeKey } from '../plugins/reserved-routes.js';
import { messageOf } from '../scheduler/run-pool.js';
import type { ServedHosts } from '../scheduler/serve-host.js';
import { apiRoutes } from './api-routes.js';
import { createOperations } from './create-operations.js';
import { guardRequest } from './request-guard.js';
import { serverSettings, type ServerSettings } from './server-settings.js';

export interface OperatorServer {
  /** `http://127.0.0.1:8080` (the real port when the config asked for port 0). */
  readonly url: string;
  close(): Promise<void>;
}

/** Sent with every answer: no caching of operator data, no framing, no content sniffing. */
const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
};

function statusOf(error: unknown): number {
  if (!isTributaryError(error)) return 500;
  if (error.code === 'CONFIG_UNKNOWN_CONNECTOR') return 404;
  return error.category === 'config' ? 400 : 500;
}

function lastValues(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (typeof last === 'string') out[key] = last;
  }
  return out;
}

/**
 * The HTTP server of `serve` (Fastify): the host's health checks and JSON API, then every plugin's
 * routes (the console, /metrics). Each request passes {@link guardRequest} first; a plugin route is
 * taken from the host in use (a reload swaps in the new host's instance of the same route); every
 * answer is redacted of known secrets.
 */
export async function startOperatorServer(settings: ServerSettings, served: ServedHosts<Host>, logger: Logger): Promise<OperatorServer> {
  const operations = createOperations(served);
  const builtin = apiRoutes(async () => {
    if (!served.control()) return { ready: false, reason: 'connectors not scheduled yet' };
    try {
      await operations.runs({ limit: 1 });
      return { ready: true };
    } catch (error) {
      return { ready: false, reason: `the execution log cannot be read: ${messageOf(error)}` };
    }
  });
  const app = Fastify({ logger: false, bodyLimit: 65_536 });
  const routes = [...builtin, ...served.current().registry.httpRoutes.values()];

  const handle = (initial: HttpRoute, isBuiltin: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const host = served.current();
    const route = isBuiltin ? initial : (host.registry.httpRoutes.get(routeKey(initial)) ?? initial);
    const send = (status: number, body: string | object, type?: string, headers: Record<string, string> = {}): FastifyReply => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      return reply
        .status(status)
        .headers({ ...SECURITY_HEADERS, ...headers })
        .type(typeof body === 'string' ? (type ?? 'text/plain; charset=utf-8') : 'application/json; charset=utf-8')
        .send(host.redactor.redact(text));
    };
    const verdict = guardRequest({ method: request.method, headers: request.headers }, route.access, settings);
    if (!verdict.allowed) return send(verdict.status, { error: verdict.error }, undefined, verdict.headers);
    let answer: RouteReply;
    try {
      answer = await route.handle(
        {
          method: route.method,
          params: (request.params ?? {}) as Record<string, string>,
          query: lastValues(request.query),
          body: request.body,
          authorized: verdict.authorized,
          writable: settings.token !== undefined,
        },
        operations,
      );
    } catch (error) {
      const status = statusOf(error);
      if (status === 500) logger.error(`HTTP ${routeKey(route)} failed: ${messageOf(error)}`);
      return send(status, { error: messageOf(error) });
    }
    return send(answer.status ?? 200, answer.body, answer.type, { ...answer.headers });
  };
  for (const route of routes) app.route({ method: route.method, url: route.path, handler: handle(route, builtin.includes(route)) });

  await app.listen({ host: settings.host, port: settings.port });
  const { port } = app.server.address() as { port: number };
  const url = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;
  logger.info(`HTTP server listening on ${url} (${settings.token ? 'token required for runs' : 'read-only: no server.token'})`);
  return {
    url,
    close: async () => {
      await app.close();
    },
  };
}

/** serveHost's `startServer`: listens when the config's `server.listen` is set, else starts nothing. */
export function serverFromConfig(logger: Logger, onListening?: (server: OperatorServer) => void) {
  return async (served: ServedHosts<Host>): Promise<OperatorServer | undefined> => {
    const settings = serverSettings(served.current().config.server);
    if (!settings) return undefined;
    const server = await startOperatorServer(settings, served, logger);
    onListening?.(server);
    return server;
  };
}
