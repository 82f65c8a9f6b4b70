import * as v from 'valibot';
import {
  FatalError,
  type ConnectorContext,
  type ConnectorTemplate,
  type RecordBatch,
  type SourceRecord,
} from '../core/index.js';

export interface SyntheticConnectorOptions {
  readonly id?: string;
  readonly displayName?: string;
  /** Rows the source holds. */
  readonly rows: number;
  readonly batchSize?: number;
  /** Row i; default `{ Username: user<i>@example.com, Department: D<i%7> }`. */
  readonly record?: (i: number) => SourceRecord;
  /** Announce the total like Salesforce's `totalSize` (default true). */
  readonly announceTotal?: boolean;
  /** The total to announce, when it is not `rows` (a source that delivers fewer or more rows than it says). */
  readonly announcedRows?: number;
  /**
   * Without a total: say `moreAvailable()` before yielding the batch that reaches `maxRows` while rows
   * remain (default true; false makes a source that stops silently at the limit, the case the announcement exists for).
   */
  readonly announceMore?: boolean;
  /** Throw a FatalError instead of delivering the batch that starts at this row. */
  readonly failAt?: number;
  /** Once: after this many rows, start again from row 0 with a `restarted` batch. */
  readonly restartAt?: number;
  /** Called before each batch is produced: tests count fetches or hold the source. */
  readonly beforeBatch?: (index: number, context: ConnectorContext) => void | Promise<void>;
  readonly credentialTypes?: readonly string[];
}

export const defaultSyntheticRecord = (i: number): SourceRecord => ({
  Username: `user${i}@example.com`,
  Department: `D${i % 7}`,
});

/**
 * A connector template over generated rows, for tests and benchmarks of the host: honours the row
 * limit (`maxRows`, `stopRequested`) and cancellation like a real connector, and can fail or
 * restart on demand.
 */
export function syntheticConnector(
  options: SyntheticConnectorOptions,
): ConnectorTemplate & { readonly fetches: number } {
  const batchSize = options.batchSize ?? 2000;
  const make = options.record ?? defaultSyntheticRecord;
  let fetches = 0;
  return {
    id: options.id ?? 'synthetic',
    displayName: options.displayName ?? 'Synthetic',
    parameters: v.record(v.string(), v.unknown()),
    credentialTypes: options.credentialTypes ?? [],
    get fetches() {
      return fetches;
    },
    async check() {
      return {
        ok: true,
        messages: ['Synthetic source ready'],
        sample: [0, 1, 2].filter((i) => i < options.rows).map(make),
        expectedRows: options.rows,
      };
    },
    async *read(context): AsyncIterable<RecordBatch> {
      if (options.announceTotal !== false) context.expectRows(options.announcedRows ?? options.rows);
      let restarted = false;
      let received = 0;
      for (let start = 0; start < options.rows; start += batchSize) {
        if (context.stopRequested || received >= context.maxRows) return;
        context.signal.throwIfAborted();
        await options.beforeBatch?.(fetches, context);
        fetches++;
        context.countApiCall();
        if (options.failAt !== undefined && start >= options.failAt)
          throw new FatalError('SYNTHETIC_FAILURE', `Synthetic source failed at row ${start}`);
        let restart: string | undefined;
        if (options.restartAt !== undefined && !restarted && start >= options.restartAt) {
          restarted = true;
          restart = 'synthetic session expired';
          start = 0;
          received = 0;
        }
        const end = Math.min(start + batchSize, options.rows);
        const records: SourceRecord[] = new Array(end - start);
        for (let i = start; i < end; i++) records[i - start] = make(i);
        received += records.length;
        if (
          options.announceTotal === false &&
          options.announceMore !== false &&
          received >= context.maxRows &&
          end < options.rows
        )
          context.moreAvailable();
        yield restart === undefined ? { records } : { records, restarted: restart };
      }
    },
  };
}
