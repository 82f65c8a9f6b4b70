import pg from 'pg';
import { migrate } from './schema.js';

const INT8 = 20;

/** A pool whose bigint columns (row counts, COUNT(*)) read as numbers: every count we keep fits in 2^53. */
export function createPool(url: string, max: number, applicationName: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: applicationName,
    types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}

interface Shared {
  readonly pool: pg.Pool;
  readonly ready: Promise<void>;
  users: number;
}

const open = new Map<string, Shared>();

/**
 * One pool per database URL in this process, shared by every host built from the config (serve
 * rebuilds its host on reload) and closed when the last one lets go. The cluster tables are created
 * or upgraded when it is first opened.
 */
export function connectCluster(url: string, max = 8): { readonly pool: pg.Pool; readonly ready: Promise<void>; release(): Promise<void> } {
  let shared = open.get(url);
  if (!shared) {
    const pool = createPool(url, max, 'tributary');
    const created: Shared = { pool, ready: migrate(pool), users: 0 };
    created.ready.catch(() => open.delete(url));
    open.set(url, created);
    shared = created;
  }
  shared.users++;
  const entry = shared;
  let released = false;
  return {
    pool: entry.pool,
    ready: entry.ready,
    async release() {
      if (released) return;
      released = true;
      if (--entry.users > 0) return;
      if (open.get(url) === entry) open.delete(url);
      await entry.pool.end().catch(() => undefined);
    },
  };
}
