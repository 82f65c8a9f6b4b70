import { Readable } from 'node:stream';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger, RouteReply } from '../../../core/index.js';
import type { Host } from '../../kernel/create-host.js';
import { routeKey } from '../../kernel/plugins/reserved-routes.js';
import { systemClock, type Clock } from '../scheduler/clock.js';
import { messageOf } from '../scheduler/run-pool.js';
import type { ServedHosts } from '../scheduler/serve-host.js';
import { answerClientError } from './answer-client-error.js';
import { answerFrameworkError } from './answer-framework-error.js';
import { apiRoutes, type ServerRoute, type StreamReply } from './api-routes.js';
import { BoundedPool } from './bounded-pool.js';
import { createOperations } from './create-operations.js';
import { busyError, errorReply } from './error-reply.js';
import { RefusedTokenLog } from './refused-token-log.js';
import { guardRequest } from './request-guard.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { serverSettings, withAccessOf, type ServerLimits, type ServerSettings } from '../../kernel/config/server-settings.js';

export interface OperatorServer {
  /** `http://127.0.0.1:8080` (the real port when the config asked for port 0). */
  readonly url: string;
  close(): Promise<void>;
}

export interface OperatorServerOptions {
  /** The time the refused-token log goes by (a test's fake clock). */
  readonly clock?: Pick<Clock, 'now'>;
}

/** What a `429` for a check asks the client to wait, in seconds. */
export const CHECK_RETRY_AFTER_SECONDS = 5;

function lastValues(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (typeof last === 'string') out[key] = last;
  }
  return out;
}

async function* redacted(stream: StreamReply['stream'], redact: (text: string) => string): AsyncGenerator<string> {
  for await (const piece of stream) yield redact(piece);
}

/** How often Node looks for connections past their headers or request timeout: every second, or more often for shorter timeouts. */
function checkingIntervalMs(limits: ServerLimits): number {
  return Math.max(10, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 2)));
}

/**
 * The HTTP server of `serve` (Fastify): the host's health checks and JSON API, then every plugin's
 * routes (the console, /metrics). Each request passes {@link guardRequest} first, with the token and
 * allowed hosts of the config in force (a reload rotates the token); a plugin route is taken from the
 * host in use (a reload swaps in the new host's instance of the same route); every answer is redacted
 * of known secrets and carries the security headers. Connections are bounded by the `server:` limits,
 * checks share one {@link BoundedPool}, and wrong tokens are logged through a {@link RefusedTokenLog}.
 */
export async function startOperatorServer(settings: ServerSettings, served: ServedHosts<Host>, logger: Logger, options: OperatorServerOptions = {}): Promise<OperatorServer> {
  const { limits } = settings;
  const checks = new BoundedPool({
    concurrency: limits.maxConcurrentChecks,
    queue: limits.maxQueuedChecks,
    refusal: () =>
      busyError(
        `${limits.maxConcurrentChecks} check(s) are running and ${limits.maxQueuedChecks} waiting (server.maxConcurrentChecks, server.maxQueuedChecks): try again in ${CHECK_RETRY_AFTER_SECONDS} s`,
        CHECK_RETRY_AFTER_SECONDS,
      ),
  });
  const refusals = new RefusedTokenLog(logger, options.clock ?? systemClock);
  const operations = createOperations(served, { checks });
  const builtin = apiRoutes(async () => {
    const own = await served.readiness(); // serve's own: scheduled, or waiting for a cluster database, and why
    if (!own.ready) return own;
    try {
      await operations.runs({ limit: 1 });
      return { ready: true };
    } catch (error) {
      return { ready: false, reason: `the execution log cannot be read: ${messageOf(error)}` };
    }
  });
  const app = Fastify({
    logger: false,
    bodyLimit: 65_536,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    http: { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: checkingIntervalMs(limits) },
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
  });
  app.server.maxConnections = limits.maxConnections;
  // Every answer Fastify sends (routes, 404, OPTIONS, errors) carries the security headers; a route may set its own value of one.
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
    return payload;
  });

  const handle = (initial: ServerRoute, isBuiltin: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const host = served.current();
    const route: ServerRoute = isBuiltin ? initial : (host.registry.httpRoutes.get(routeKey(initial)) ?? initial);
    const redact = (text: string): string => host.redactor.redact(text);
    const send = (status: number, body: string | object, type?: string, headers: Record<string, string> = {}): FastifyReply => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      return reply
        .status(status)
        .headers(headers)
        .type(typeof body === 'string' ? (type ?? 'text/plain; charset=utf-8') : 'application/json; charset=utf-8')
        .send(redact(text));
    };
    const current = withAccessOf(settings, host.config.server);
    const verdict = guardRequest({ method: request.method, headers: request.headers }, route.access, current);
    if (!verdict.allowed) {
      if (verdict.wrongToken) refusals.refused(request.ip, routeKey(route));
      return send(verdict.status, { error: verdict.error }, undefined, verdict.headers);
    }
    // The request is gone before its answer: a check it waits for leaves the queue, or is cancelled.
    const gone = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) gone.abort();
    });
    let answer: RouteReply | StreamReply;
    try {
      answer = await route.handle(
        {
          method: route.method,
          params: (request.params ?? {}) as Record<string, string>,
          query: lastValues(request.query),
          body: request.body,
          authorized: verdict.authorized,
          writable: current.token !== undefined,
        },
        createOperations(served, { checks, signal: gone.signal }),
      );
    } catch (error) {
      const { status, headers } = errorReply(error);
      if (status === 500 && !gone.signal.aborted) logger.error(`HTTP ${routeKey(route)} failed: ${messageOf(error)}`);
      return send(status, { error: messageOf(error) }, undefined, { ...headers });
    }
    if ('stream' in answer) {
      return reply.status(answer.status ?? 200).headers({ ...answer.headers }).type(answer.type).send(Readable.from(redacted(answer.stream, redact)));
    }
    return send(answer.status ?? 200, answer.body, answer.type, { ...answer.headers });
  };
  const routes: Array<readonly [ServerRoute, boolean]> = [
    ...builtin.map((route) => [route, true] as const),
    ...[...served.current().registry.httpRoutes.values()].map((route) => [route, false] as const),
  ];
  const keys = new Set(routes.map(([route]) => routeKey(route)));
  for (const [route, isBuiltin] of routes) {
    // A GET to an action reaches the guard, which answers 405 (use POST) rather than 404.
    const get = route.access === 'write' && route.method === 'POST' && !keys.has(routeKey({ method: 'GET', path: route.path }));
    app.route({ method: get ? ['POST', 'GET'] : route.method, url: route.path, handler: handle(route, isBuiltin) });
  }

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
export function serverFromConfig(logger: Logger, onListening?: (server: OperatorServer) => void, options: OperatorServerOptions = {}) {
  return async (served: ServedHosts<Host>): Promise<OperatorServer | undefined> => {
    const settings = serverSettings(served.current().config.server);
    if (!settings) return undefined;
    const server = await startOperatorServer(settings, served, logger, options);
    onListening?.(server);
    return server;
  };
}
