import type { SourceRecord } from 'tributary-kit';
import { instantOf, laterCursor, type SyncCursor } from './sync-cursor.js';
import { unexpectedResponse } from './unexpected-response.js';

/** The key of `name` in a record, in whatever case the answer spells it (REST: the API name's). */
function keyIn(record: SourceRecord, name: string): string | undefined {
  if (name in record) return name;
  const lower = name.toLowerCase();
  return Object.keys(record).find((key) => key.toLowerCase() === lower);
}

/**
 * The greatest (`SystemModstamp`, `Id`) of the rows a read delivered, starting from the cursor the read
 * started at (a change read never moves the cursor back, even when it returns only rows of its look-back
 * window), or from nothing (a full read). A row without a `SystemModstamp` fails the read: the cursor
 * would not account for it.
 */
export class CursorTracker {
  #greatest: SyncCursor | undefined;
  #modstampKey = 'SystemModstamp';
  #idKey = 'Id';

  constructor(private readonly start: SyncCursor | undefined) {
    this.#greatest = start;
  }

  /** The greatest cursor so far; undefined when a full read has delivered no row yet. */
  get greatest(): SyncCursor | undefined {
    return this.#greatest;
  }

  /** The read started again from the beginning: what it delivered before is discarded. */
  restart(): void {
    this.#greatest = this.start;
  }

  observe(records: readonly SourceRecord[]): void {
    const first = records[0];
    if (first === undefined) return;
    this.#modstampKey = keyIn(first, this.#modstampKey) ?? this.#modstampKey;
    this.#idKey = keyIn(first, this.#idKey) ?? this.#idKey;
    let greatest = this.#greatest;
    for (const record of records) {
      const at = instantOf(record[this.#modstampKey]);
      if (at === undefined)
        throw unexpectedResponse(
          `Salesforce answered a record without a SystemModstamp to an incremental read (${JSON.stringify(record[this.#modstampKey] ?? null).slice(0, 40)})`,
        );
      if (greatest !== undefined && at < greatest.at) continue;
      const id = record[this.#idKey];
      const row = { at, id: typeof id === 'string' ? id : undefined };
      greatest = greatest === undefined ? row : laterCursor(greatest, row);
    }
    this.#greatest = greatest;
  }
}
