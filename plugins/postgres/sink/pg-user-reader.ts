import type pg from 'pg';
import {
  ATTRIBUTE_COLUMNS,
  type SinkConfig,
  type StoredAttribute,
  type UserAttributeReader,
  type UserAttributeView,
  type UsersFilter,
} from 'tributary-kit';
import type { PgCluster } from '../pg-cluster.js';
import { sinkSchema } from './pg-sink-type.js';
import { userTables, type UserTables } from './user-tables.js';

const FETCH = 1000;

function where(filter: UsersFilter): { sql: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  if (filter.identifier !== undefined) {
    params.push(filter.identifier.trim().toLowerCase());
    clauses.push(`u.identifier_key = $${params.length}`);
  }
  if (filter.field !== undefined) {
    params.push(filter.field);
    clauses.push(`a.field = $${params.length}`);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const SELECT = `u.identifier_kind AS kind, u.identifier, a.field,
  CASE jsonb_typeof(a.value) WHEN 'string' THEN a.value #>> '{}' ELSE NULL END AS text_value,
  CASE jsonb_typeof(a.value) WHEN 'number' THEN (a.value #>> '{}')::numeric ELSE NULL END::float8 AS number_value,
  a.connector, to_char(a.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at`;

function view(pool: pg.Pool, t: UserTables): UserAttributeView {
  const from = `${t.attributes} AS a JOIN ${t.users} AS u ON u.id = a.user_id`;
  return {
    async measure(filter) {
      const { sql, params } = where(filter);
      const { rows } = await pool.query<Record<string, number | null>>(
        `SELECT count(*) AS n, max(length(s.kind)) AS w0, max(length(s.identifier)) AS w1, max(length(s.field)) AS w2,
                max(length(coalesce(s.text_value, s.number_value::text))) AS w3, max(length(s.connector)) AS w4, max(length(s.updated_at)) AS w5
         FROM (SELECT ${SELECT} FROM ${from} ${sql}) AS s`,
        params,
      );
      const row = rows[0]!;
      return {
        count: Number(row.n ?? 0),
        widths: ATTRIBUTE_COLUMNS.map((name, i) => Math.max(name.length, Number(row[`w${i}`] ?? 0))),
      };
    },
    async *rows(filter) {
      const { sql, params } = where(filter);
      const client = await pool.connect();
      try {
        await client.query('BEGIN READ ONLY');
        await client.query(
          `DECLARE attributes NO SCROLL CURSOR FOR SELECT ${SELECT} FROM ${from} ${sql} ORDER BY u.identifier_kind, u.identifier_key, a.field`,
          params,
        );
        for (;;) {
          const { rows } = await client.query<Record<string, string | number | null>>(`FETCH ${FETCH} FROM attributes`);
          for (const r of rows) {
            yield {
              kind: String(r.kind),
              identifier: String(r.identifier),
              field: String(r.field),
              value: r.text_value ?? r.number_value ?? null,
              connector: String(r.connector),
              updated_at: String(r.updated_at),
            } satisfies StoredAttribute;
          }
          if (rows.length < FETCH) break;
        }
        await client.query('COMMIT');
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release();
      }
    },
    async close() {
      // the pool belongs to the cluster connection
    },
  };
}

/** Reads a `postgres` sink's tables for `tributary users`. */
export function postgresUserReader(cluster: () => PgCluster): UserAttributeReader {
  return {
    sinkType: 'postgres',
    async open(sink: SinkConfig) {
      const schema = sinkSchema(sink);
      const pool = await cluster().connection.pool();
      const { rows } = await pool.query(`SELECT to_regclass($1) AS t`, [`${schema}.user_attributes`]);
      if (rows[0]?.t === null) return `nothing stored yet: the sink "${sink.id}" has no tables in the schema ${schema}`;
      return view(pool, userTables(schema));
    },
  };
}
