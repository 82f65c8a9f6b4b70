import type { RecordBatch, SinkRecord } from '../../core/index.js';
import type { BatchMapper } from '../mapping/batch-mapper.js';
import { MutableRowBatch } from './row-batch.js';
import type { RunState } from './run-state.js';
import { openSinkRun } from './start-run.js';

/** The source read again from the beginning: what was staged and counted so far is discarded. */
export async function restartRead(run: RunState, reason: string): Promise<void> {
  const { draft, problems } = run;
  run.services.logger.warn(
    `${run.connector.nqlId}: reading again from the beginning (${reason}); rows staged so far are discarded`,
  );
  await run.sinkRun?.abort(`restart: ${reason}`);
  run.sinkRun = await openSinkRun(run);
  problems.clear();
  problems.add(`Read restarted from the beginning: ${reason}`, 1, { counted: false });
  draft.receivedRows = draft.processedRows = draft.rejectedByMapping = 0;
  run.tally.restart();
  await run.sync?.restart();
  for (const o of run.observers) o.onRestart?.();
}

/** One batch through identification, the listeners' veto, the fields and the tally; its sink records land in `out`. */
async function mapBatch(
  run: RunState,
  mapping: BatchMapper,
  source: RecordBatch,
  batch: MutableRowBatch,
  out: SinkRecord[],
): Promise<void> {
  const { draft, problems, signal, observers } = run;
  const records = source.records;
  draft.receivedRows += records.length;
  batch.reset(records.length);
  const deadline = mapping.startBatch();
  const errorsBefore = draft.rejectedByMapping;
  await mapping.identify(records, batch, problems, draft, deadline);
  if (signal.aborted) throw signal.reason;
  const identificationErrors = draft.rejectedByMapping - errorsBefore;
  const identified = batch.identified;
  for (const o of observers) o.onRows?.(batch);
  const vetoed = batch.rejected;
  out.length = 0;
  await mapping.fields(records, batch, out, problems, draft, deadline);
  if (signal.aborted) throw signal.reason; // nothing reaches the sink after the signal
  run.tally.add(records, out, {
    identificationErrors,
    identified,
    vetoed,
    fieldErrors: draft.rejectedByMapping - errorsBefore - identificationErrors,
  });
  draft.processedRows = run.tally.processed;
  for (const o of observers) o.onMapped?.(out);
}

/** Every row the source announced was received: nothing is left to fetch, whatever the row limit says. */
export function readToTheEnd(run: RunState): boolean {
  const announced = run.state.expectedRows;
  return announced !== undefined && run.draft.receivedRows >= announced;
}

/**
 * The read loop: each batch the connector yields goes through the mapping, the listeners and the
 * tally, then to the sink (its write awaited: backpressure) and the sync stage, until the source ends, a listener asks
 * to stop (the row limit), or the signal aborts the run.
 */
export async function readBatches(run: RunState): Promise<void> {
  const mapping = run.mapping!;
  const batch = new MutableRowBatch(run.problems);
  const out: SinkRecord[] = [];
  for await (const source of run.template.read(run.context)) {
    if (run.signal.aborted) throw run.signal.reason;
    if (source.restarted !== undefined) await restartRead(run, source.restarted);
    await mapBatch(run, mapping, source, batch, out);
    if (out.length && run.sinkRun) {
      const pending = run.sinkRun.write(out.slice());
      if (pending) await pending;
      const staged = run.sync?.add(out);
      if (staged) await staged;
    }
    run.options.onProgress?.(run.progress());
    if (run.stopReading) {
      run.state.stopRequested = true;
      // The limit fell on the source's last row: the connector ends by itself (and may set its cursor).
      if (!readToTheEnd(run)) break;
    }
  }
}
