import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { startLocalServer, type LocalServer } from './local-server.js';
import { messageOf } from '../core/index.js';

/** One request as the scripted server saw it. */
export interface ScriptedRequest {
  readonly method: string;
  /** Path and query, e.g. `/api/users?page=2`. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** 0-based position among every request the server received. */
  readonly index: number;
}

/** What the server answers to one request. */
export interface ScriptedAnswer {
  /** Default 200. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string is sent as it is; anything else as JSON (with `content-type: application/json`). */
  readonly body?: unknown;
  /** Answer after this many milliseconds (a slow source, a timeout test). */
  readonly delayMs?: number;
  /** Drop the connection without answering: the client sees a network error. */
  readonly drop?: boolean;
}

/** A one-off answer that replaces the normal one for one request. */
export interface ScriptedFault extends ScriptedAnswer {
  /** The request it answers: one `match` accepts (default: the next request). */
  readonly match?: (request: ScriptedRequest) => boolean;
}

export interface ScriptedServer extends LocalServer {
  /**
   * Queues a fault: the next request (or the next one `fault.match` accepts) gets it instead of the
   * normal answer, once. Faults queue up and are used in the order they were added.
   */
  inject(fault: ScriptedFault): void;
  /** Faults not used yet. */
  pendingFaults(): number;
}

/**
 * An HTTP server on 127.0.0.1 for fault scenarios: `answer` gives the normal answer to each request
 * (a page of users…), and `inject()` makes one request answer a 429 with `Retry-After`, a 503, a 401,
 * a slow or dropped answer instead. Every request is kept in `requests`.
 */
export async function startScriptedServer(
  answer: (request: ScriptedRequest) => ScriptedAnswer | Promise<ScriptedAnswer>,
): Promise<ScriptedServer> {
  const faults: ScriptedFault[] = [];
  const server = await startLocalServer((req, res, index) => {
    const request: ScriptedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body: req.body,
      index,
    };
    const at = faults.findIndex((f) => f.match?.(request) ?? true);
    const fault = at >= 0 ? faults.splice(at, 1)[0] : undefined;
    void Promise.resolve(fault ?? answer(request)).then(
      (reply) => send(res, reply),
      (error: unknown) => send(res, { status: 500, body: { error: `the scripted answer threw: ${messageOf(error)}` } }),
    );
  });
  return { ...server, inject: (fault) => void faults.push(fault), pendingFaults: () => faults.length };
}

function send(res: ServerResponse, reply: ScriptedAnswer): void {
  const write = (): void => {
    if (res.destroyed) return; // the server closed meanwhile
    if (reply.drop) {
      res.socket?.destroy();
      return;
    }
    const text =
      reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    const json =
      reply.body !== undefined && typeof reply.body !== 'string' ? { 'content-type': 'application/json' } : {};
    res.writeHead(reply.status ?? 200, { ...json, ...reply.headers }).end(text);
  };
  if (reply.delayMs) setTimeout(write, reply.delayMs);
  else write();
}
