import type { FieldType } from './log-fields.js';
import { LOG_FIELDS, LOG_TABLE } from './log-fields.js';

/** One queryable field of an NQL table: its name in queries, its SQL column and its type. */
export interface NqlField {
  readonly name: string;
  readonly column: string;
  readonly type: FieldType;
  /** The allowed values of an enumeration. */
  readonly values?: readonly string[];
}

/** A table NQL can query: its name in queries, the SQL table behind it, and its fields in `list` order. */
export interface NqlTable {
  readonly name: string;
  readonly sqlTable: string;
  readonly fields: readonly NqlField[];
}

export const NQL_TABLE = 'platform.inbound_connector_logs';

/** The table behind `platform.user_attribute_changes`. */
export const CHANGES_TABLE = 'user_attribute_changes';

/** The change ledger's fields, in the order `list` shows them by default. */
export const CHANGE_FIELDS: readonly NqlField[] = [
  { name: 'time', column: 'time', type: 'datetime' },
  { name: 'run_id', column: 'run_id', type: 'string' },
  { name: 'nql_id', column: 'nql_id', type: 'string' },
  { name: 'identifier_kind', column: 'kind', type: 'enumeration', values: ['upn', 'email'] },
  { name: 'identifier', column: 'identifier', type: 'string' },
  { name: 'field', column: 'field', type: 'string' },
  { name: 'old_value', column: 'old_value', type: 'string' },
  { name: 'new_value', column: 'new_value', type: 'string' },
  { name: 'action', column: 'action', type: 'enumeration', values: ['added', 'changed', 'cleared', 'left'] },
  { name: 'flip', column: 'flip', type: 'enumeration', values: ['true', 'false'] },
];

/** Every table NQL can query: the execution log and the change ledger. */
export const NQL_TABLES: readonly NqlTable[] = [
  { name: NQL_TABLE, sqlTable: LOG_TABLE, fields: LOG_FIELDS },
  { name: 'platform.user_attribute_changes', sqlTable: CHANGES_TABLE, fields: CHANGE_FIELDS },
];

export function findNqlTable(name: string): NqlTable | undefined {
  return NQL_TABLES.find((t) => t.name === name);
}
