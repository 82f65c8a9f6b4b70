import type { SinkRecord, SourceRecord } from '../../core/index.js';
import { EMPTY_IDENTIFIER } from '../mapping/batch-mapper.js';
import type { CheckRow } from '../mapping/check-row.js';
import { MutableRowBatch } from './row-batch.js';
import type { RunState } from './run-state.js';

/** What a run would do with one previewed row. */
export interface RowVerdict {
  /** It would be written. */
  readonly processed: boolean;
  /** An execution listener vetoed it (a limit), with the problem it gave, when it gave one. */
  readonly veto?: { readonly problem: string | undefined };
}

/** A row batch that remembers which rows the listeners vetoed, and the problem each veto gave. */
class VetoedRows extends MutableRowBatch {
  readonly vetoes = new Map<number, string | undefined>();

  override reject(i: number, problem?: string): void {
    if (this.admitted(i)) this.vetoes.set(i, problem);
    super.reject(i, problem);
  }
}

/**
 * The mapped rows of a preview through the stages of a run's batch (read-batches.ts) that follow the
 * mapping: their identifiers into a batch the execution listeners see and may veto (the limits), the
 * rows they let through handed to `onMapped`, the problems, the tally and the draft counted as a run
 * counts them, and the status a run that read them would have. Nothing goes to a sink.
 */
export function judgeRows(run: RunState, records: readonly SourceRecord[], rows: readonly CheckRow[]): RowVerdict[] {
  const { draft, problems, tally, observers } = run;
  const kind = run.connector.mapping.identifier;
  const batch = new VetoedRows(problems);
  batch.reset(records.length);
  let identificationErrors = 0;
  rows.forEach((row, i) => {
    if (row.identifier === undefined) {
      identificationErrors++;
      problems.add(row.error!);
    } else if (row.identifier === '') problems.add(EMPTY_IDENTIFIER);
    batch.set(i, row.identifier ?? '');
  });
  const identified = batch.identified;
  for (const o of observers) o.onRows?.(batch);
  const out: SinkRecord[] = [];
  const verdicts: RowVerdict[] = [];
  let fieldErrors = 0;
  rows.forEach((row, i) => {
    const veto = batch.vetoes.has(i) ? { problem: batch.vetoes.get(i) } : undefined;
    const written = batch.admitted(i) && row.error === undefined;
    if (batch.admitted(i) && row.error !== undefined) {
      fieldErrors++;
      problems.add(row.error);
    }
    if (written) out.push({ identifier: { kind, value: row.identifier! }, fields: row.fields! });
    verdicts.push(veto ? { processed: false, veto } : { processed: written });
  });
  draft.receivedRows = records.length;
  draft.rejectedByMapping = identificationErrors + fieldErrors;
  tally.add(records, out, { identificationErrors, identified, vetoed: batch.rejected, fieldErrors });
  draft.processedRows = tally.processed;
  for (const o of observers) o.onMapped?.(out);
  draft.status = tally.received > tally.processed ? 'partial' : 'success';
  return verdicts;
}
