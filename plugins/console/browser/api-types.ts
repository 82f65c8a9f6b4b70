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

/** A number field of an entry, or undefined when it holds something else. */
export function numberField(entry: Entry, field: string): number | undefined {
  const value = entry[field];
  return typeof value === 'number' ? value : undefined;
}
