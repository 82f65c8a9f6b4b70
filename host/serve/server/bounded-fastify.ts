import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerLimits } from 'tributary-kit/internal/kernel/config/server-settings.js';
import { answerClientError } from './answer-client-error.js';
import { answerFrameworkError } from './answer-framework-error.js';
import { SECURITY_HEADERS } from './security-headers.js';

/** How often Node looks for connections past their headers or request timeout: every second, or more often for shorter timeouts. */
function checkingIntervalMs(limits: ServerLimits): number {
  return Math.max(10, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 2)));
}

/**
 * A Fastify app held to the `server:` limits (timeouts, body size, connection cap) whose every answer
 * (routes, 404, OPTIONS, errors) carries the security headers; a route may set its own value of one.
 */
export function boundedFastify(limits: ServerLimits): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: 65_536,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: checkingIntervalMs(limits),
    },
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
  });
  app.server.maxConnections = limits.maxConnections;
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
    return payload;
  });
  return app;
}
