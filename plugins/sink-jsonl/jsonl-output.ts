import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';

/** Where a run's lines go: a temp file renamed over the target on commit, or a stream such as stdout. */
export interface JsonlOutput {
  readonly stream: Writable;
  /** What to name in messages. */
  readonly label: string;
  /**
   * The file the published lines replace (a file target), which a commit may merge lines from; undefined
   * for a stream, which has no previous lines.
   */
  readonly previous?: string;
  /** Makes everything written visible (closes and renames a temp file; leaves stdout open). */
  publish(): Promise<void>;
  /** Throws everything away (closes and removes a temp file). */
  discard(): Promise<void>;
}

function closed(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.closed) return resolve();
    stream.once('close', resolve);
    stream.once('error', reject);
  });
}

/** A hidden temp file beside `target`, so that the final rename stays on one file system (atomic). */
export async function openTempFileOutput(target: string, runId: string): Promise<JsonlOutput> {
  await mkdir(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.${runId.replace(/[^\w-]/g, '_')}.tmp`);
  const stream = createWriteStream(temp, { flags: 'wx', highWaterMark: 1 << 20 });
  await once(stream, 'ready'); // rejects with the open error (a missing permission, an existing temp file)
  return {
    stream,
    label: target,
    previous: target,
    async publish() {
      const done = closed(stream);
      stream.end();
      await done;
      await rename(temp, target);
    },
    async discard() {
      stream.destroy();
      await closed(stream).catch(() => undefined);
      await rm(temp, { force: true });
    },
  };
}

/** Lines streamed as they come (stdout): nothing can be held back, so nothing to publish or discard. */
export function streamOutput(stream: Writable, label: string): JsonlOutput {
  return {
    stream,
    label,
    publish: () =>
      new Promise<void>((resolve) => (stream.writableNeedDrain ? stream.once('drain', resolve) : resolve())),
    discard: async () => undefined,
  };
}
