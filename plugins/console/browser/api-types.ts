/** What the JSON API answers, as the console reads it (docs/operations.md, "JSON API"). */

/** One value of an execution-log entry. */
export type Value = string | number | boolean | null | undefined;

/** An execution-log entry: flat, keyed by NQL field names (`time`, `status`, `details.duration_ms`). */
export type Entry = Readonly<Record<string, Value>>;

/** One connector of `GET /api/connectors`. */
export interface Connector {
  readonly nqlId: string;
  readonly name: string;
  readonly connector: string;
  readonly schedule?: string | null;
  readonly nextRunAt?: string | null;
  readonly running: boolean;
  readonly lastRun?: Entry | null;
  /** Against its schedule: `error` (newest run failed), `late` (due, no success since), `on-time`. */
  readonly health: Health;
  /** Its schedule is paused: by whom (the token's name), since when. */
  readonly paused?: { readonly by: string; readonly at: string };
  /** It failed too often in a row: its scheduled runs wait until `until`. */
  readonly quarantine?: { readonly since: string; readonly failures: number; readonly until: string };
}

/** Where a connector stands against its schedule. */
export type Health = 'on-time' | 'late' | 'error';

/** One connector of `GET /api/overview`, over its window. */
interface ConnectorOverview {
  readonly nqlId: string;
  readonly name: string;
  readonly health: Health;
  readonly runs: number;
  readonly successes: number;
  /** successes / runs, 0 to 1; none without runs. */
  readonly successRate?: number;
  readonly rowsPerDay: number;
  /** Seconds since its newest success; none when it never succeeded. */
  readonly lastSuccessAgeSeconds?: number;
}

/** What `GET /api/overview?days=…` answers. */
export interface Overview {
  readonly days: number;
  readonly connectors: readonly ConnectorOverview[];
}

/** One entry of the audit trail: who did what to which connector or run. */
interface AuditEntry {
  readonly time: string;
  readonly actor: string;
  readonly address?: string;
  readonly action: string;
  readonly target: string;
  readonly outcome: string;
}

/** One page of `GET /api/audit`, newest first. */
export interface AuditPage {
  readonly entries: readonly AuditEntry[];
  readonly total: number;
}

/** One page of `GET /api/runs`. */
export interface RunsPage {
  readonly columns: readonly string[];
  readonly entries: readonly Entry[];
  readonly offset: number;
  readonly limit: number;
  readonly total: number;
}

/** One sample record of a check: what would be written, or why the mapping rejected it. */
type PreviewRow =
  | { readonly identifier: string; readonly fields: Readonly<Record<string, unknown>>; readonly error?: undefined }
  | { readonly error: string; readonly identifier?: undefined; readonly fields?: undefined };

/** What `POST /api/connectors/:nqlId/check` answers. */
export interface CheckReport {
  readonly ok: boolean;
  readonly messages: readonly string[];
  readonly preview: readonly PreviewRow[];
  readonly expectedRows?: number;
}

/** What a committed run did to one user's field. */
export type ChangeAction = 'added' | 'changed' | 'cleared' | 'left';

/** One change of `GET /api/changes`: a user's field as a committed run changed it. */
export interface LedgerEntry {
  readonly time: string;
  readonly runId: string;
  readonly nqlId: string;
  readonly kind: string;
  readonly identifier: string;
  readonly field: string;
  /** `null`: no value at all. */
  readonly oldValue: string | null;
  readonly newValue: string | null;
  readonly action: ChangeAction;
  /** The change undoes the previous change of the same field by the same connector. */
  readonly flip: boolean;
}

/** One page of `GET /api/changes`, newest first. */
export interface LedgerPage {
  readonly entries: readonly LedgerEntry[];
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
}

/** One field's changes in a run, by action. */
interface FieldChanges {
  readonly field: string;
  readonly added: number;
  readonly changed: number;
  readonly cleared: number;
  readonly left: number;
  readonly flips: number;
}

/** What `GET /api/runs/:runId/changes` answers: a run's diff in counts. */
export interface RunChanges {
  readonly runId: string;
  readonly nqlId: string;
  readonly total: number;
  readonly fields: readonly FieldChanges[];
}

/** One mapped field of a previewed record, against what the store holds. */
export interface PreviewField {
  readonly field: string;
  readonly expression: string;
  readonly value?: string | number;
  readonly error?: string;
  readonly hint?: string;
  readonly stored?: string | null;
  readonly action?: ChangeAction | 'unchanged';
}

/** One record the source returned for the previewed user, step by step. */
export interface PreviewRecord {
  readonly received: Readonly<Record<string, unknown>>;
  readonly identification:
    | { readonly ok: true; readonly kind: string; readonly value: string }
    | { readonly ok: false; readonly error: string };
  readonly limits: readonly string[];
  readonly fields: readonly PreviewField[];
  /** A run would write this record; when false, the identification, the limits or a field's error says why. */
  readonly processed: boolean;
}

/** What `POST /api/connectors/:nqlId/preview` answers: nothing was written. */
export interface UserPreview {
  readonly nqlId: string;
  readonly user: string;
  readonly matchedField: string;
  readonly records: readonly PreviewRecord[];
  readonly store: { readonly read: true } | { readonly read: false; readonly reason: string };
  readonly runId: string;
  /** The step that failed (`start`, `find`: asking the source, `map`), when one did; `records` is then empty. */
  readonly failed?: { readonly step: string; readonly error: string; readonly code?: string };
}

/** A number field of an entry, or undefined when it holds something else. */
export function numberField(entry: Entry, field: string): number | undefined {
  const value = entry[field];
  return typeof value === 'number' ? value : undefined;
}

/** What a held run would commit, as its host counted it before holding it. */
interface HoldCounts {
  readonly receivedRows: number;
  readonly processedRows: number;
  readonly leavers: number;
  readonly clearedValues?: number;
  readonly changedUsers?: number;
}

/** One run of `GET /api/runs/held`: stopped before its commit, waiting for an operator (times ISO 8601 UTC). */
export interface HeldRun {
  readonly runId: string;
  readonly nqlId: string;
  readonly host: string;
  readonly heldAt: string;
  readonly deadline: string;
  readonly reasons: readonly string[];
  readonly counts: HoldCounts;
  readonly decision?: { readonly verdict: 'approved' | 'rejected'; readonly by: string; readonly at: string };
}

/** One run of `GET /api/runs/live`: a run in progress, as its host last reported it (times ISO 8601 UTC). */
export interface LiveRun {
  readonly runId: string;
  readonly nqlId: string;
  readonly host: string;
  readonly startedAt: string;
  readonly updatedAt: string;
  /** `reading`, `committing`, `held`. */
  readonly phase: string;
  readonly receivedRows: number;
  readonly processedRows: number;
  readonly expectedRows?: number;
  readonly rowsPerSecond: number;
  readonly etaSeconds?: number;
  readonly cancelRequested?: { readonly by: string; readonly at: string };
}

/** What `POST /api/runs/:runId/approve`, `/reject` and `/cancel` answer when they did it (otherwise an error). */
export type ActionOutcome =
  | { readonly done: true; readonly message: string }
  | { readonly done: false; readonly reason: string; readonly message: string };

/** One line of `GET /api/runs/:runId/log`. */
export interface RunLogLine {
  readonly time: string;
  readonly level: string;
  readonly message: string;
}
