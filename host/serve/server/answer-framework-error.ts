import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { SECURITY_HEADERS } from './security-headers.js';

/**
 * What the server answers a request Fastify cannot route (a malformed URL, a parameter too long): the
 * status Fastify chose, a JSON error that does not echo the URL, and the security headers.
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  void reply
    .status(status)
    .headers(SECURITY_HEADERS)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify({ error: status === 414 ? 'A part of the URL is too long' : 'The URL is not valid' }));
}
