import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdirSync, rmSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Enrichment } from './enrichment-body.js';

/**
 * Where one run's enrichments wait until the run may commit: the Enrichment API cannot stage, so the
 * sink holds them back itself and sends nothing before the run's guards have passed.
 */
export interface EnrichmentSpool {
  /** Adds enrichments; a promise when the spool must be waited for (backpressure). */
  append(enrichments: readonly Enrichment[]): void | Promise<void>;
  /** Every enrichment appended, in order, in batches of `size`. Call once, after the last append. */
  batches(size: number): AsyncIterable<Enrichment[]>;
  /** Forgets everything (after the commit, or when the run is aborted). */
  discard(): Promise<void>;
}

/** The folder under `state.dir` that holds the spool files of runs in progress. */
export const SPOOL_DIR = join('spool', 'nexthink-enrichment');

/**
 * A spool file `<state.dir>/spool/nexthink-enrichment/<sink id>.<run id>.jsonl`, one enrichment per
 * line, so that memory does not grow with the rows; in memory with `state.dir: ':memory:'` (tests).
 */
export function openEnrichmentSpool(stateDir: string, sinkId: string, runId: string): EnrichmentSpool {
  if (stateDir === ':memory:') return memorySpool();
  const dir = join(stateDir, SPOOL_DIR);
  mkdirSync(dir, { recursive: true });
  return fileSpool(join(dir, `${sinkId}.${runId}.jsonl`));
}

function memorySpool(): EnrichmentSpool {
  let held: Enrichment[] = [];
  return {
    append(enrichments) {
      for (const e of enrichments) held.push(e);
    },
    async *batches(size) {
      for (let i = 0; i < held.length; i += size) yield held.slice(i, i + size);
    },
    async discard() {
      held = [];
    },
  };
}

function fileSpool(path: string): EnrichmentSpool {
  const out: WriteStream = createWriteStream(path, { flags: 'wx' });
  let failure: unknown;
  out.on('error', (error) => void (failure ??= error));
  const closed = (): Promise<void> =>
    out.closed ? Promise.resolve() : new Promise((resolve) => out.end(() => resolve()));
  return {
    append(enrichments) {
      if (failure !== undefined) throw failure;
      let text = '';
      for (const e of enrichments) text += `${JSON.stringify(e)}\n`;
      if (!out.write(text)) return once(out, 'drain').then(() => undefined);
    },
    async *batches(size) {
      await closed();
      if (failure !== undefined) throw failure;
      const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
      let batch: Enrichment[] = [];
      for await (const line of lines) {
        if (line === '') continue;
        batch.push(JSON.parse(line) as Enrichment);
        if (batch.length >= size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    },
    async discard() {
      if (!out.closed) {
        out.destroy();
        await once(out, 'close').catch(() => undefined);
      }
      rmSync(path, { force: true });
    },
  };
}
