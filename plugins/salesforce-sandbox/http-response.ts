/**
 * Writing responses: JSON, Salesforce error arrays, and multi-part bodies written without copying.
 */
import type { ServerResponse } from 'node:http';
import { pacingOf, writePaced } from './paced-response.js';
import type { ApiError } from './soql-error.js';

export type Headers = Readonly<Record<string, string>>;

export const JSON_TYPE = 'application/json;charset=UTF-8';

/** Sends a body made of one or more chunks, with an exact Content-Length (at the latency model's pace when it is on). */
export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  chunks: readonly (string | Buffer)[],
  headers: Headers = {},
): void {
  const buffers = chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c));
  const length = buffers.reduce((sum, b) => sum + b.length, 0);
  const head = { ...headers, 'Content-Type': contentType, 'Content-Length': String(length) };
  const pacing = pacingOf(res);
  if (pacing) {
    void writePaced(res, pacing, status, head, buffers).catch((error: unknown) => res.destroy(error as Error));
    return;
  }
  res.writeHead(status, head);
  for (const b of buffers.slice(0, -1)) res.write(b);
  res.end(buffers[buffers.length - 1]);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Headers = {}): void {
  send(res, status, JSON_TYPE, [JSON.stringify(value)], headers);
}

/** Salesforce's REST error body: `[{"message":…,"errorCode":…}]`. */
export function sendApiError(res: ServerResponse, error: ApiError, headers: Headers = {}): void {
  sendJson(res, error.status, [{ message: error.message, errorCode: error.errorCode }], headers);
}
