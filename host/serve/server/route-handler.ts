import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { messageOf, type Logger, type RouteReply, type RouteRequest } from 'tributary-kit';
import { withAccessOf, type ServerSettings } from 'tributary-kit/internal/kernel/config/server-settings.js';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';
import { routeKey } from 'tributary-kit/internal/kernel/plugins/reserved-routes.js';
import type { ServedHosts } from '../scheduler/serve-host.js';
import type { ServerRoute, StreamReply } from './server-route.js';
import type { BoundedPool } from './bounded-pool.js';
import { createOperations } from './create-operations.js';
import { errorReply } from './error-reply.js';
import type { RefusedTokenLog } from './refused-token-log.js';
import { guardRequest } from './request-guard.js';

/** What every route's handler shares: the settings and hosts in force, the check pool, the refused-token log. */
export interface RouteHandlerContext {
  readonly settings: ServerSettings;
  readonly served: ServedHosts<Host>;
  readonly checks: BoundedPool;
  readonly refusals: RefusedTokenLog;
  readonly logger: Logger;
}

type Send = (status: number, body: string | object, type?: string, headers?: Record<string, string>) => FastifyReply;

/** Each query parameter's last value, when it is a string (`?limit=1&limit=5` → `5`). */
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

/** Sends a text (plain unless `type` says otherwise) or a JSON body, redacted. */
function redactedSender(reply: FastifyReply, redact: (text: string) => string): Send {
  return (status, body, type, headers = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return reply
      .status(status)
      .headers(headers)
      .type(typeof body === 'string' ? (type ?? 'text/plain; charset=utf-8') : 'application/json; charset=utf-8')
      .send(redact(text));
  };
}

/** Aborted when the request is gone before its answer: a check it waits for leaves the queue, or is cancelled. */
function goneSignal(reply: FastifyReply): AbortSignal {
  const gone = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) gone.abort();
  });
  return gone.signal;
}

function routeRequest(
  route: ServerRoute,
  request: FastifyRequest,
  verdict: { readonly authorized: boolean; readonly tokenName?: string },
  writable: boolean,
): RouteRequest {
  return {
    method: route.method,
    params: (request.params ?? {}) as Record<string, string>,
    query: lastValues(request.query),
    body: request.body,
    authorized: verdict.authorized,
    writable,
    actor: { name: verdict.tokenName ?? 'anonymous', address: request.ip },
  };
}

/**
 * The Fastify handler of one route. The request passes {@link guardRequest} with the token and allowed
 * hosts in force (a reload rotates the token); a plugin route is taken from the host in use (a reload
 * swaps in the new host's instance of it); every answer is redacted of the host's known secrets.
 */
export function routeHandler(context: RouteHandlerContext, initial: ServerRoute, isBuiltin: boolean) {
  const { settings, served, checks, refusals, logger } = context;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const host = served.current();
    const route: ServerRoute = isBuiltin ? initial : (host.registry.httpRoutes.get(routeKey(initial)) ?? initial);
    const redact = (text: string): string => host.redactor.redact(text);
    const send = redactedSender(reply, redact);
    const current = withAccessOf(settings, host.config.server);
    const verdict = guardRequest({ method: request.method, headers: request.headers }, route.access, current);
    if (!verdict.allowed) {
      if (verdict.wrongToken) refusals.refused(request.ip, routeKey(route));
      return send(verdict.status, { error: verdict.error }, undefined, verdict.headers);
    }
    const gone = goneSignal(reply);
    let answer: RouteReply | StreamReply;
    try {
      answer = await route.handle(
        routeRequest(route, request, verdict, current.tokens.length > 0),
        createOperations(served, { checks, signal: gone }),
      );
    } catch (error) {
      const { status, headers } = errorReply(error);
      if (status === 500 && !gone.aborted) logger.error(`HTTP ${routeKey(route)} failed: ${messageOf(error)}`);
      return send(status, { error: messageOf(error) }, undefined, { ...headers });
    }
    if ('stream' in answer) {
      return reply
        .status(answer.status ?? 200)
        .headers({ ...answer.headers })
        .type(answer.type)
        .send(Readable.from(redacted(answer.stream, redact)));
    }
    return send(answer.status ?? 200, answer.body, answer.type, { ...answer.headers });
  };
}
