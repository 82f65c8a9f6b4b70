import * as v from 'valibot';
import type { SinkRecord, SinkRunContext, SinkType } from '../core/index.js';

export interface RecordedRun {
  readonly nqlId: string;
  readonly records: SinkRecord[];
  state: 'open' | 'committed' | 'aborted';
  abortReason?: string;
}

export interface RecordingSinkOptions {
  readonly type?: string;
  /** Awaited by every write: hold it to test backpressure. */
  readonly beforeWrite?: (batch: readonly SinkRecord[]) => Promise<void> | void;
  /** Fail the commit with this error. */
  readonly failCommit?: Error;
}

export interface RecordingSinkType extends SinkType {
  readonly runs: RecordedRun[];
  /** Ids of the sinks the host closed (`close()`, when the host closes), in order. */
  readonly closed: string[];
  committed(): SinkRecord[];
}

/** A sink type that records every run and batch it receives (type `recording` by default). */
export function recordingSink(options: RecordingSinkOptions = {}): RecordingSinkType {
  const runs: RecordedRun[] = [];
  const closed: string[] = [];
  return {
    type: options.type ?? 'recording',
    displayName: 'Recording sink (tests)',
    schema: v.looseObject({ id: v.string(), type: v.string() }),
    runs,
    closed,
    committed: () => runs.filter((r) => r.state === 'committed').flatMap((r) => r.records),
    create: (config) => ({
      id: config.id,
      async close() {
        closed.push(config.id);
      },
      async open(context: SinkRunContext) {
        const run: RecordedRun = { nqlId: context.connector.nqlId, records: [], state: 'open' };
        runs.push(run);
        return {
          async write(batch) {
            await options.beforeWrite?.(batch);
            run.records.push(...batch);
          },
          async commit() {
            if (options.failCommit) throw options.failCommit;
            run.state = 'committed';
            return { importedRows: run.records.length };
          },
          async abort(reason) {
            run.state = 'aborted';
            run.abortReason = reason;
          },
        };
      },
    }),
  };
}
