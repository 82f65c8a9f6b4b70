import { isTributaryError, TransientError } from 'tributary-kit';

/** The code of {@link busyError}: answered `429 Too Many Requests` with `Retry-After`. */
const HTTP_BUSY = 'HTTP_BUSY';

/** Work the server refuses for now (too many checks at once); the client may try again after `retryAfterSeconds`. */
export function busyError(message: string, retryAfterSeconds: number): TransientError {
  return new TransientError(HTTP_BUSY, message, { details: { retryAfterSeconds } });
}

/** The status (and headers) a route's error is answered with: 429 when busy, 404 for an unknown connector, 400 for a config error, else 500. */
export function errorReply(error: unknown): {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
} {
  if (!isTributaryError(error)) return { status: 500, headers: {} };
  if (error.code === HTTP_BUSY)
    return { status: 429, headers: { 'retry-after': String(error.details['retryAfterSeconds'] ?? 1) } };
  if (error.code === 'CONFIG_UNKNOWN_CONNECTOR') return { status: 404, headers: {} };
  return { status: error.category === 'config' ? 400 : 500, headers: {} };
}
