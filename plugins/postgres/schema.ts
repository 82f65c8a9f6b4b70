import type pg from 'pg';
import { CHANGES_TABLE, LOG_FIELDS, LOG_TABLE } from 'tributary-kit';
import { inTransaction } from './transaction.js';

/** The schema holding Tributary's cluster tables (pg-boss keeps its own, `pgboss`). */
export const CLUSTER_SCHEMA = 'tributary';
export const LOG = `${CLUSTER_SCHEMA}.${LOG_TABLE}`;
export const RUNNING = `${CLUSTER_SCHEMA}.running_runs`;
export const BASELINES = `${CLUSTER_SCHEMA}.run_baselines`;
export const SYNC_STATE = `${CLUSTER_SCHEMA}.sync_state`;
export const SYNC_MEMBERS = `${CLUSTER_SCHEMA}.sync_members`;
export const CHANGES = `${CLUSTER_SCHEMA}.${CHANGES_TABLE}`;
export const HELD_RUNS = `${CLUSTER_SCHEMA}.held_runs`;
export const PAUSES = `${CLUSTER_SCHEMA}.connector_pauses`;
export const QUARANTINE_LIFTS = `${CLUSTER_SCHEMA}.quarantine_lifts`;
export const AUDIT = `${CLUSTER_SCHEMA}.audit_trail`;
export const LIVE_RUNS = `${CLUSTER_SCHEMA}.live_runs`;
export const RUN_LOG_LINES = `${CLUSTER_SCHEMA}.run_log_lines`;
/** Bump when a statement below changes; each host applies what it knows under an advisory lock. */
const SCHEMA_VERSION = 4;
const LOCK_KEY = 0x7472_6962; // "trib"

const logColumn = (f: (typeof LOG_FIELDS)[number]) =>
  `${f.column} ${f.type === 'number' ? 'bigint' : 'text COLLATE "C"'} NOT NULL`;
const legacyValue = (f: (typeof LOG_FIELDS)[number]) => {
  const value = f.legacy ?? (f.type === 'number' ? 0 : '');
  return typeof value === 'number' ? String(value) : `'${value.replaceAll("'", "''")}'`;
};

/**
 * The case folding NQL compares with: JavaScript's `toLowerCase()` is full Unicode case mapping,
 * which PostgreSQL 18's builtin `pg_unicode_fast` collation does too (final sigma included). Older
 * servers fall back to ICU's root locale, then to the database's own `lower()`.
 */
function foldFunction(collation: string | undefined): string {
  const body = collation ? `lower($1 COLLATE "${collation}")` : 'lower($1)';
  return `CREATE OR REPLACE FUNCTION ${CLUSTER_SCHEMA}.nql_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN ${body}`;
}

/** The control store's tables: what operators decide and what runs in progress report. */
const CONTROL_STATEMENTS = [
  // Runs held before their commit; the first decision fills the verdict columns, once.
  `CREATE TABLE IF NOT EXISTS ${HELD_RUNS} (
     run_id          text COLLATE "C" PRIMARY KEY,
     nql_id          text COLLATE "C" NOT NULL,
     host            text NOT NULL,
     held_at         timestamptz NOT NULL,
     deadline        timestamptz NOT NULL,
     reasons         text[] NOT NULL,
     counts          jsonb NOT NULL,
     verdict         text,
     decided_by      text,
     decided_address text,
     decided_at      timestamptz
   )`,
  `CREATE TABLE IF NOT EXISTS ${PAUSES} (
     nql_id    text COLLATE "C" PRIMARY KEY,
     paused_by text NOT NULL,
     paused_at timestamptz NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS ${QUARANTINE_LIFTS} (nql_id text COLLATE "C" PRIMARY KEY, lifted_at timestamptz NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${AUDIT} (
     id            bigserial PRIMARY KEY,
     time          timestamptz NOT NULL,
     actor         text NOT NULL,
     actor_address text,
     action        text NOT NULL,
     target        text NOT NULL,
     outcome       text NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS audit_trail_time ON ${AUDIT} (time, id)`,
  // Each run in progress as its host last reported it, and an operator's request to cancel it.
  `CREATE TABLE IF NOT EXISTS ${LIVE_RUNS} (
     run_id         text COLLATE "C" PRIMARY KEY,
     nql_id         text COLLATE "C" NOT NULL,
     host           text NOT NULL,
     started_at     timestamptz NOT NULL,
     updated_at     timestamptz NOT NULL,
     phase          text NOT NULL,
     received_rows  bigint NOT NULL,
     processed_rows bigint NOT NULL,
     expected_rows  bigint,
     cancel_by      text,
     cancel_at      timestamptz
   )`,
  `CREATE TABLE IF NOT EXISTS ${RUN_LOG_LINES} (
     id      bigserial PRIMARY KEY,
     run_id  text COLLATE "C" NOT NULL,
     time    timestamptz NOT NULL,
     level   text NOT NULL,
     message text NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS run_log_lines_run ON ${RUN_LOG_LINES} (run_id, id)`,
  `CREATE INDEX IF NOT EXISTS run_log_lines_time ON ${RUN_LOG_LINES} (time)`,
];

const STATEMENTS = (collation: string | undefined): string[] => [
  `CREATE SCHEMA IF NOT EXISTS ${CLUSTER_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${CLUSTER_SCHEMA}.schema_version (version integer NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${LOG} (id bigserial PRIMARY KEY, ${LOG_FIELDS.map(logColumn).join(', ')})`,
  // Fields added to the log later: their legacy value for older entries (a no-op once present).
  ...LOG_FIELDS.map((f) => `ALTER TABLE ${LOG} ADD COLUMN IF NOT EXISTS ${logColumn(f)} DEFAULT ${legacyValue(f)}`),
  `CREATE UNIQUE INDEX IF NOT EXISTS ${LOG_TABLE}_run_id ON ${LOG} (run_id)`,
  `CREATE INDEX IF NOT EXISTS ${LOG_TABLE}_time ON ${LOG} (time)`,
  `CREATE INDEX IF NOT EXISTS ${LOG_TABLE}_nql_id_time ON ${LOG} (nql_id, time)`,
  // Runs in progress, one row per connector: the lease. A row whose lease_until passed belongs to a lost worker.
  `CREATE TABLE IF NOT EXISTS ${RUNNING} (
     nql_id         text COLLATE "C" PRIMARY KEY,
     run_id         text COLLATE "C" NOT NULL UNIQUE,
     host           text NOT NULL,
     scheduled_for  timestamptz,
     started_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
     lease_until    timestamptz NOT NULL,
     renewed_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
     name           text,
     connector      text,
     credentials    text,
     credentials_id text,
     dry_run        boolean NOT NULL DEFAULT false,
     committed_at   timestamptz,
     lost_reason    text
   )`,
  // The shrink guard's baselines: each connector's last committed run.
  `CREATE TABLE IF NOT EXISTS ${BASELINES} (
     nql_id         text COLLATE "C" PRIMARY KEY,
     run_id         text NOT NULL,
     time           timestamptz NOT NULL,
     processed_rows bigint NOT NULL,
     field_counts   jsonb NOT NULL
   )`,
  // Each connector's sync state: its cursor, its last full read and its counts of members.
  `CREATE TABLE IF NOT EXISTS ${SYNC_STATE} (
     nql_id       text COLLATE "C" PRIMARY KEY,
     cursor       text,
     last_full_at timestamptz,
     unmatched    bigint NOT NULL DEFAULT 0,
     present      bigint NOT NULL DEFAULT 0,
     absent       bigint NOT NULL DEFAULT 0
   )`,
  // The users each connector wrote: `missed` counts the full reads in a row that did not return one (0: present).
  `CREATE TABLE IF NOT EXISTS ${SYNC_MEMBERS} (
     nql_id          text COLLATE "C" NOT NULL,
     identifier_kind text COLLATE "C" NOT NULL,
     identifier_key  text COLLATE "C" NOT NULL,
     identifier      text NOT NULL,
     missed          integer NOT NULL DEFAULT 0,
     PRIMARY KEY (nql_id, identifier_kind, identifier_key)
   )`,
  // The change ledger: per committed run, user and field, the old and the new value (text in the "C"
  // collation and ISO 8601 times, as the log's, so that NQL answers as on SQLite).
  `CREATE TABLE IF NOT EXISTS ${CHANGES} (
     id         bigserial PRIMARY KEY,
     time       text COLLATE "C" NOT NULL,
     run_id     text COLLATE "C" NOT NULL,
     nql_id     text COLLATE "C" NOT NULL,
     kind       text COLLATE "C" NOT NULL,
     identifier text COLLATE "C" NOT NULL,
     user_key   text COLLATE "C" NOT NULL,
     field      text COLLATE "C" NOT NULL,
     old_value  text COLLATE "C",
     new_value  text COLLATE "C",
     action     text COLLATE "C" NOT NULL,
     flip       text COLLATE "C" NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS ${CHANGES_TABLE}_run ON ${CHANGES} (run_id, field)`,
  `CREATE INDEX IF NOT EXISTS ${CHANGES_TABLE}_user ON ${CHANGES} (user_key)`,
  `CREATE INDEX IF NOT EXISTS ${CHANGES_TABLE}_time ON ${CHANGES} (time)`,
  // The connectors the ledger recorded a run of, kept beyond the retention: their first run was the initial load.
  `CREATE TABLE IF NOT EXISTS ${CHANGES}_connectors (nql_id text COLLATE "C" PRIMARY KEY, since text NOT NULL)`,
  ...CONTROL_STATEMENTS,
  foldFunction(collation),
];

/**
 * Runs `work` in a transaction holding the one advisory lock every schema change in the cluster
 * database takes: the cluster tables, a sink's user tables (they may share a schema: `tributary` is
 * both defaults) and pg-boss's install and tick queue (tick-queue.ts). Two `CREATE SCHEMA IF NOT
 * EXISTS` racing from hosts started at once make one of them fail.
 */
export function withDdlLock<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    return work(client);
  });
}

/** Creates or upgrades the cluster tables; safe when several hosts start at once. */
export function migrate(pool: pg.Pool): Promise<void> {
  return withDdlLock(pool, async (client) => {
    const { rows } = await client.query<{ collname: string }>(
      `SELECT collname FROM pg_collation WHERE collname IN ('pg_unicode_fast', 'und-x-icu') ORDER BY collname = 'pg_unicode_fast' DESC LIMIT 1`,
    );
    for (const statement of STATEMENTS(rows[0]?.collname)) await client.query(statement);
    await client.query(`DELETE FROM ${CLUSTER_SCHEMA}.schema_version`);
    await client.query(`INSERT INTO ${CLUSTER_SCHEMA}.schema_version (version) VALUES ($1)`, [SCHEMA_VERSION]);
  });
}
