import type pg from 'pg';
import { withDdlLock } from '../schema.js';

/** `schema.users` and `schema.user_attributes`, as a sink's option names them. */
export interface UserTables {
  readonly users: string;
  readonly attributes: string;
}

export function userTables(schema: string): UserTables {
  return { users: `${schema}.users`, attributes: `${schema}.user_attributes` };
}

const created = new WeakMap<pg.Pool, Map<string, Promise<void>>>();

/**
 * Creates the user-attribute tables once per pool and schema (under the DDL advisory lock: several
 * hosts may start at once). Users: one row per identifier kind and lower-cased identifier, with its latest
 * spelling; attributes: one row per user and field, with the connector and the run that wrote it.
 */
export function ensureUserTables(pool: pg.Pool, schema: string): Promise<void> {
  let perPool = created.get(pool);
  if (!perPool) created.set(pool, (perPool = new Map()));
  let ready = perPool.get(schema);
  if (!ready) {
    const t = userTables(schema);
    ready = withDdlLock(pool, async (client) => {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${t.users} (
        id              bigserial PRIMARY KEY,
        identifier_kind text COLLATE "C" NOT NULL,
        identifier_key  text COLLATE "C" NOT NULL,
        identifier      text NOT NULL,
        UNIQUE (identifier_kind, identifier_key))`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${t.attributes} (
        user_id    bigint NOT NULL, -- users.id (no foreign key: the commit inserts both in one transaction, and a checked key costs a trigger per row)
        field      text COLLATE "C" NOT NULL,
        value      jsonb,
        connector  text NOT NULL,
        updated_at timestamptz NOT NULL,
        run_id     text NOT NULL,
        PRIMARY KEY (user_id, field))`);
    }).catch((error: unknown) => {
      perPool.delete(schema);
      throw error;
    });
    perPool.set(schema, ready);
  }
  return ready;
}
