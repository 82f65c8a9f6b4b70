import pg from 'pg';
import { TransientError } from 'tributary-kit';

/** SQLSTATEs of a server that is going away or not accepting connections yet. */
const CONNECTION_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** What the driver says when a connection ends, times out or was already broken. */
const DRIVER_LOSS =
  /^(Connection terminated|Client has encountered a connection error|timeout expired|Query read timeout)/;

/**
 * True when `error` says the connection itself failed: the server refused or dropped it, is shutting
 * down or starting, or did not answer in time. A statement the server refused (a syntax error, a
 * missing privilege) is not a connection loss.
 */
export function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof pg.DatabaseError)
    return error.code !== undefined && (error.code.startsWith('08') || CONNECTION_STATES.has(error.code));
  const code = (error as Error & { code?: unknown }).code;
  return (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) || DRIVER_LOSS.test(error.message);
}

/** The message of a connection failure; Node's `AggregateError` of a host with several addresses has none of its own. */
export function connectionMessage(error: Error): string {
  if (error.message) return error.message;
  const first = error instanceof AggregateError ? (error.errors[0] as Error | undefined) : undefined;
  return first?.message || (error as Error & { code?: string }).code || 'the connection failed';
}

/** The cluster database could not be reached (down, restarting, unreachable); worth trying again later. */
export class ClusterUnreachableError extends TransientError {
  constructor(cause: Error) {
    super('CLUSTER_DATABASE_UNREACHABLE', `The cluster database cannot be reached: ${connectionMessage(cause)}`, {
      cause,
    });
  }
}
