import type { ConnectorContext, RecordBatch, SourceRecord } from 'tributary-kit';

export interface ReadOutcome {
  readonly batches: RecordBatch[];
  /** Rows the host would keep: everything before a `restarted` batch is discarded. */
  readonly rows: SourceRecord[];
  readonly error: unknown;
}

/** Drains a connector's read as the host does, keeping what it yielded and how it ended. */
export async function readAll<P>(
  read: (context: ConnectorContext<P>) => AsyncIterable<RecordBatch>,
  context: ConnectorContext<P>,
): Promise<ReadOutcome> {
  const batches: RecordBatch[] = [];
  let rows: SourceRecord[] = [];
  let error: unknown;
  try {
    for await (const batch of read(context)) {
      batches.push(batch);
      if (batch.restarted !== undefined) rows = [];
      rows.push(...batch.records);
    }
  } catch (e) {
    error = e;
  }
  return { batches, rows, error };
}
