import type { RunResult, RunStatus } from '../run.js';

export type FieldType = 'datetime' | 'enumeration' | 'string' | 'number';

/** One queryable field of `platform.inbound_connector_logs`: its NQL name, SQL column and type. */
export interface LogField {
  readonly name: string;
  readonly column: string;
  readonly type: FieldType;
  /** The allowed values of an enumeration. */
  readonly values?: readonly string[];
  readonly read: (r: RunResult) => string | number;
  /** The value of entries written before the field existed (the column is added to older stores). */
  readonly legacy?: string | number;
}

export const RUN_STATUSES: readonly RunStatus[] = ['success', 'partial', 'failure'];

/** Every field, in the order `list` shows them by default (the documented log fields, then the extra details). */
export const LOG_FIELDS: readonly LogField[] = [
  { name: 'time', column: 'time', type: 'datetime', read: (r) => r.endedAt.toISOString() },
  { name: 'status', column: 'status', type: 'enumeration', values: RUN_STATUSES, read: (r) => r.status },
  { name: 'details.name', column: 'name', type: 'string', read: (r) => r.name },
  { name: 'details.description', column: 'description', type: 'string', read: (r) => r.description },
  { name: 'details.connector', column: 'connector', type: 'string', read: (r) => r.connector },
  { name: 'details.credentials', column: 'credentials', type: 'string', read: (r) => r.credentials },
  { name: 'details.credentials_id', column: 'credentials_id', type: 'string', read: (r) => r.credentialsId },
  { name: 'details.nql_id', column: 'nql_id', type: 'string', read: (r) => r.nqlId },
  { name: 'details.number_of_received_rows', column: 'received_rows', type: 'number', read: (r) => r.receivedRows },
  { name: 'details.number_of_processed_rows', column: 'processed_rows', type: 'number', read: (r) => r.processedRows },
  { name: 'details.run_id', column: 'run_id', type: 'string', read: (r) => r.runId },
  { name: 'details.started_at', column: 'started_at', type: 'datetime', read: (r) => r.startedAt.toISOString() },
  { name: 'details.duration_ms', column: 'duration_ms', type: 'number', read: (r) => r.durationMs },
  { name: 'details.number_of_imported_rows', column: 'imported_rows', type: 'number', read: (r) => r.importedRows },
  { name: 'details.api_calls', column: 'api_calls', type: 'number', read: (r) => r.apiCalls },
  { name: 'details.host', column: 'host', type: 'string', read: (r) => r.host ?? '' },
  {
    name: 'details.scheduled_for',
    column: 'scheduled_for',
    type: 'datetime',
    read: (r) => r.scheduledFor?.toISOString() ?? '',
  },
  {
    name: 'details.dry_run',
    column: 'dry_run',
    type: 'enumeration',
    values: ['true', 'false'],
    read: (r) => String(r.dryRun),
    legacy: 'false',
  },
  {
    name: 'details.sync_mode',
    column: 'sync_mode',
    type: 'enumeration',
    values: ['full', 'changes'],
    read: (r) => r.sync?.mode ?? 'full',
    legacy: 'full',
  },
  {
    name: 'details.number_of_leavers',
    column: 'leavers',
    type: 'number',
    read: (r) => r.leavers ?? 0,
    legacy: 0,
  },
  {
    name: 'details.number_of_changes',
    column: 'changes',
    type: 'number',
    read: (r) => r.changes ?? 0,
    legacy: 0,
  },
];

const BY_NAME = new Map(LOG_FIELDS.map((f) => [f.name, f]));

export function findLogField(name: string): LogField | undefined {
  return BY_NAME.get(name);
}

/** The table behind `platform.inbound_connector_logs` (each store may qualify it, e.g. with a schema). */
export const LOG_TABLE = 'inbound_connector_logs';
