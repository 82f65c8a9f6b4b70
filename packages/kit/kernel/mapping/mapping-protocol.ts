import type { FieldValue, MappingPlan, SourceRecord } from '../../core/index.js';
import type { CheckRow } from './check-row.js';

/* What the run and its mapping worker say to each other. */

export interface MappingWorkerData {
  /** The run's plan: the worker compiles its isolated expressions, once each, and nothing else. */
  readonly plan: MappingPlan;
  readonly limits: { readonly timeoutMs: number; readonly maxDepth?: number };
  /** An Int32Array of one counter: rows the worker has started, for the watchdog. */
  readonly progress: SharedArrayBuffer;
}

/** `identify` and `fields` for runs, `check` for `tributary check` (see check-row.ts). */
export type MappingOp = 'identify' | 'fields' | 'check';

export interface MappingJob {
  readonly op: MappingOp;
  readonly records: readonly SourceRecord[];
}

/** One record's result: the identifier or the fields, or the RowError it gave, flattened. */
export type Outcome =
  | { readonly ok: true; readonly value: string | Record<string, FieldValue> | CheckRow }
  | {
      readonly ok: false;
      readonly code: string;
      readonly message: string;
      readonly details?: Readonly<Record<string, string | number | boolean>>;
    };
