import { csvField, type LogEntry } from 'tributary-kit';

/** Records per piece: large enough to stream efficiently, small enough to keep each piece short. */
const RECORDS_PER_CHUNK = 200;

/**
 * A query result as RFC 4180 CSV (a header line, CRLF line breaks), as `tributary logs --format csv`
 * writes it, in pieces of whole records, so that it can be streamed and each piece redacted alone.
 */
export function* csvChunks(columns: readonly string[], entries: readonly LogEntry[]): Generator<string> {
  const line = (cells: readonly unknown[]): string => `${cells.map(csvField).join(',')}\r\n`;
  yield line(columns);
  for (let start = 0; start < entries.length; start += RECORDS_PER_CHUNK) {
    yield entries
      .slice(start, start + RECORDS_PER_CHUNK)
      .map((entry) => line(columns.map((c) => entry[c])))
      .join('');
  }
}
