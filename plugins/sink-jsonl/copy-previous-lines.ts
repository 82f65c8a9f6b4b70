import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { FatalError, isTributaryError, memberKey } from 'tributary-kit';
import { jsonlLineIdentifier } from './jsonl-lines.js';

const missing = (error: unknown): boolean => (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

/**
 * Streams the previous file's lines, one at a time, into `into`, keeping those whose user `keep`
 * accepts (by {@link memberKey}) as they were written; memory does not grow with the file. A missing
 * file has no lines; an empty line is skipped. Returns how many lines were kept.
 * @throws FatalError `JSONL_PREVIOUS_LINE_INVALID` for a line that is not a record of this sink, and
 * `JSONL_READ_FAILED` when the file cannot be read.
 */
export async function copyPreviousLines(file: string, into: Writable, keep: (key: string) => boolean): Promise<number> {
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  let kept = 0;
  try {
    for await (const line of lines) {
      number++;
      if (line === '') continue;
      const identifier = jsonlLineIdentifier(line);
      if (identifier === undefined) throw invalidLine(file, number);
      if (!keep(memberKey(identifier))) continue;
      kept++;
      if (!into.write(`${line}\n`)) await once(into, 'drain');
    }
  } catch (error) {
    if (missing(error)) return 0;
    if (isTributaryError(error)) throw error;
    throw new FatalError('JSONL_READ_FAILED', `Could not read the previous ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    lines.close();
    input.destroy();
  }
  return kept;
}

function invalidLine(file: string, line: number): FatalError {
  return new FatalError(
    'JSONL_PREVIOUS_LINE_INVALID',
    `Could not merge the previous ${file}: line ${line} is not a record of this sink ` +
      '({"identifier":{"kind":"upn"|"email","value":"…"},"fields":{…}}), so the run cannot tell whose line it is. ' +
      'The file was left as it was: repair or remove that line, or delete the file',
  );
}
