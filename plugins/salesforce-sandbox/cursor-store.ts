/**
 * Open query cursors, addressed by `nextRecordsUrl` (`/services/data/vXX.X/query/<locator>-<offset>`).
 * A cursor belongs to the session that opened it, as Salesforce's locators do. The oldest cursors are
 * dropped beyond a fixed number or beyond a budget for their row-index lists (a filtered query over
 * 3 million users holds 12 MB of indices), so a long benchmark does not accumulate them; a dropped
 * locator answers INVALID_QUERY_LOCATOR.
 */
import { base62 } from './salesforce-id.js';
import type { RecordRenderer } from './page-renderer.js';
import type { QueryResult } from './query-plan.js';

export interface QueryCursor {
  readonly locator: string;
  readonly token: string;
  readonly version: string;
  readonly batchSize: number;
  readonly result: QueryResult;
  readonly render: RecordRenderer;
  /** Pre-rendered `records` arrays, one per page, when the query was pre-rendered. */
  readonly pages?: readonly Buffer[];
  /** The edits' version when the cursor opened: after another edit, `pages` are stale and pages render live. */
  readonly editVersion: number;
}

const MAX_CURSORS = 200;
const MAX_INDEX_BYTES = 256 * 2 ** 20;

/** Index memory a cursor holds alone (pre-rendered queries share theirs). */
const indexBytes = (cursor: QueryCursor): number => (cursor.pages ? 0 : (cursor.result.indices?.byteLength ?? 0));

export class CursorStore {
  private readonly cursors = new Map<string, QueryCursor>();
  private opened = 0;
  private bytes = 0;

  constructor(private readonly tag: string) {}

  /** A new locator: `0r8` + tag + counter, 18 characters, deterministic for a given sandbox. */
  open(fields: Omit<QueryCursor, 'locator'>): QueryCursor {
    this.opened += 1;
    const cursor: QueryCursor = { ...fields, locator: `0r8${this.tag}${base62(this.opened, 13)}` };
    this.cursors.set(cursor.locator, cursor);
    this.bytes += indexBytes(cursor);
    while (this.cursors.size > 1 && (this.cursors.size > MAX_CURSORS || this.bytes > MAX_INDEX_BYTES)) {
      this.drop(this.cursors.keys().next().value as string);
    }
    return cursor;
  }

  get(locator: string): QueryCursor | undefined {
    return this.cursors.get(locator);
  }

  drop(locator: string): void {
    const cursor = this.cursors.get(locator);
    if (!cursor) return;
    this.bytes -= indexBytes(cursor);
    this.cursors.delete(locator);
  }
}

/** `nextRecordsUrl` of the page after the one ending at `nextOffset`. */
export function nextRecordsUrl(cursor: QueryCursor, nextOffset: number): string {
  return `/services/data/v${cursor.version}/query/${cursor.locator}-${nextOffset}`;
}
