import pg from 'pg';
import { ClusterUnreachableError, isConnectionLoss } from './cluster-unreachable-error.js';
import { migrate } from './schema.js';

const INT8 = 20;

/** A pool whose bigint columns (row counts, COUNT(*)) read as numbers: every count we keep fits in 2^53. */
function createPool(url: string, max: number, applicationName: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: applicationName,
    // A database that does not answer must not hang a command forever; TCP keepalive notices a dead peer.
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8 ? Number : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // A connection the server drops (restart, failover, an outage) must not crash the process: idle,
  // the pool discards it; checked out (a transaction, a sink's COPY), the query in progress or the
  // next one fails with the error, and the run or the caller handles that. A client emits 'error'
  // whether or not it is checked out, so every client the pool makes listens from the start.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => void client.on('error', () => undefined));
  return pool;
}

interface Shared {
  readonly pool: pg.Pool;
  ready: Promise<void> | undefined;
  users: number;
}

/** A process's hold on the cluster database. */
export interface ClusterConnection {
  /**
   * The pool, once the cluster tables exist (created or upgraded on first use, not before); a
   * {@link ClusterUnreachableError} when the database cannot be reached (the next call tries again).
   */
  pool(): Promise<pg.Pool>;
  release(): Promise<void>;
}

const open = new Map<string, Shared>();

/**
 * One pool per database URL in this process, shared by every host built from the config (serve
 * rebuilds its host on reload) and closed when the last one lets go. Nothing connects until the pool
 * is first asked for.
 */
export function connectCluster(url: string, max = 8): ClusterConnection {
  let shared = open.get(url);
  if (!shared) {
    shared = { pool: createPool(url, max, 'tributary'), ready: undefined, users: 0 };
    open.set(url, shared);
  }
  shared.users++;
  const entry = shared;
  let released = false;
  return {
    async pool() {
      entry.ready ??= migrate(entry.pool).catch((error: unknown) => {
        entry.ready = undefined; // the next use tries again (the database may come back)
        throw isConnectionLoss(error) ? new ClusterUnreachableError(error as Error) : error;
      });
      await entry.ready;
      return entry.pool;
    },
    async release() {
      if (released) return;
      released = true;
      if (--entry.users > 0) return;
      if (open.get(url) === entry) open.delete(url);
      await entry.pool.end().catch(() => undefined);
    },
  };
}
