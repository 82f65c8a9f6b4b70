import { ATTRIBUTE_COLUMNS, type StoredAttribute, type UsersFilter } from 'tributary-kit';
import type { UserStoreDatabase } from './user-store.js';

const FROM = 'user_attributes AS a JOIN users AS u ON u.id = a.user_id';

function where(filter: UsersFilter): { sql: string; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  if (filter.identifier !== undefined) {
    clauses.push('u.identifier_key = ?');
    params.push(filter.identifier.trim().toLowerCase());
  }
  if (filter.field !== undefined) {
    clauses.push('a.field = ?');
    params.push(filter.field);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** Streams the matching attributes ordered by identifier then field (no buffering of the whole store). */
export function queryUsers(db: UserStoreDatabase, filter: UsersFilter): IterableIterator<StoredAttribute> {
  const { sql, params } = where(filter);
  return db
    .prepare<string[], StoredAttribute>(
      `SELECT u.identifier_kind AS kind, u.identifier, a.field, a.value, a.connector, a.updated_at
       FROM ${FROM} ${sql} ORDER BY u.identifier_kind, u.identifier_key, a.field`,
    )
    .iterate(...params);
}

/** Row count and the widest text of each column, so that a table can be printed while streaming. */
export function measureUsers(db: UserStoreDatabase, filter: UsersFilter): { count: number; widths: number[] } {
  const { sql, params } = where(filter);
  const row = db
    .prepare<string[], Record<string, number | null>>(
      `SELECT count(*) AS n, max(length(u.identifier_kind)) AS w0, max(length(u.identifier)) AS w1, max(length(a.field)) AS w2,
              max(length(CAST(a.value AS TEXT))) AS w3, max(length(a.connector)) AS w4, max(length(a.updated_at)) AS w5
       FROM ${FROM} ${sql}`,
    )
    .get(...params)!;
  const widths = ATTRIBUTE_COLUMNS.map((name, i) => Math.max(name.length, row[`w${i}`] ?? 0));
  return { count: row.n ?? 0, widths };
}
