import {
  formatCount,
  plural,
  type IdentifierKind,
  type LimitsConfig,
  type RowBatch,
  type RunControl,
  type RunDraft,
  type RunObserver,
} from '../../core/index.js';
import { UpnCounter } from './upn-counter.js';

const ROW_LIMIT_PROBLEM = 'Too many rows received';
const UPN_LIMIT_PROBLEM = 'Too many records for one UPN';
/** Limit messages come right after a failed run's error (priority 100) and before everything else. */
const LIMIT_PRIORITY = 50;

/** What one run's limits did, for the description and the tests. */
export interface LimitCounts {
  /** Rows in the batches seen, admitted or not. */
  readonly rows: number;
  /** Admitted rows seen, including those this observer rejected. */
  readonly seen: number;
  readonly admitted: number;
  readonly rejectedByRowLimit: number;
  readonly rejectedByUpnLimit: number;
  readonly affectedUpns: number;
}

/**
 * Enforces `maxRowsPerSync` (every identifier kind) and `maxRecordsPerUpn` (identifier `upn`) on the
 * rows of one run, in arrival order, over the rows still admitted (they have an identifier). The row
 * limit is checked first: once `maxRowsPerSync` rows have been looked at (processed, or ignored for
 * their UPN), reading stops and every later row is rejected; of the rows within the limit, those
 * beyond the first `maxRecordsPerUpn` of a UPN are rejected.
 */
export class LimitObserver implements RunObserver {
  readonly #limits: LimitsConfig;
  readonly #perUpn: boolean;
  readonly #control: RunControl;
  #counter: UpnCounter | undefined;
  #rows = 0;
  #seen = 0;
  #admitted = 0;
  #rejectedByUpn = 0;
  #affectedUpns = 0;
  #stopped = false;

  constructor(limits: LimitsConfig, identifierKind: IdentifierKind, control: RunControl) {
    this.#limits = limits;
    this.#perUpn = identifierKind === 'upn';
    this.#control = control;
  }

  get counts(): LimitCounts {
    return {
      rows: this.#rows,
      seen: this.#seen,
      admitted: this.#admitted,
      rejectedByRowLimit: this.#seen - this.#admitted - this.#rejectedByUpn,
      rejectedByUpnLimit: this.#rejectedByUpn,
      affectedUpns: this.#affectedUpns,
    };
  }

  onRows(batch: RowBatch): void {
    const { maxRowsPerSync, maxRecordsPerUpn } = this.#limits;
    const counter = this.#perUpn ? (this.#counter ??= new UpnCounter()) : undefined;
    this.#rows += batch.length;
    for (let i = 0; i < batch.length; i++) {
      if (!batch.admitted(i)) continue;
      this.#seen++;
      if (this.#admitted + this.#rejectedByUpn >= maxRowsPerSync) {
        batch.reject(i);
        continue;
      }
      const count = counter ? counter.increment(batch.key(i)) : 0;
      if (count > maxRecordsPerUpn) {
        if (count === maxRecordsPerUpn + 1) this.#affectedUpns++;
        this.#rejectedByUpn++;
        batch.reject(i);
      } else {
        this.#admitted++;
      }
      if (!this.#stopped && this.#admitted + this.#rejectedByUpn >= maxRowsPerSync) {
        this.#stopped = true;
        this.#control.stopReading();
      }
    }
  }

  onRestart(): void {
    this.#counter = undefined;
    this.#rows = this.#seen = this.#admitted = this.#rejectedByUpn = this.#affectedUpns = 0;
    this.#stopped = false;
  }

  /**
   * Describes what the limits cut, first in the description, and makes the run partial (unless it
   * failed). Rows were cut by the row limit when this observer rejected some, or when the source
   * stopped by itself at `maxRows` although it announced more (`totalSize`), or said that more exist
   * without a total (`moreAvailable()`: then "at least" one row more than it delivered).
   */
  onFinish(draft: RunDraft): void {
    const c = this.counts;
    const limit = this.#limits.maxRowsPerSync;
    const atLimit = c.rows >= limit;
    const unread = atLimit && draft.receivedRows > c.rows;
    const atLeast = atLimit && !unread && c.rejectedByRowLimit === 0 && draft.moreAvailable === true;
    const lead: string[] = [];
    if (c.rejectedByRowLimit > 0 || unread || atLeast) {
      const received = Math.max(draft.receivedRows, c.rows);
      const processed = draft.processedRows > 0 ? draft.processedRows : c.admitted;
      const receivedText = atLeast ? `at least ${formatCount(received + 1)}` : formatCount(received);
      lead.push(
        `${ROW_LIMIT_PROBLEM}: ${receivedText} received, ${formatCount(processed)} processed ` +
          `(at most ${plural(limit, 'row')} per sync, limits.maxRowsPerSync)`,
      );
    }
    if (c.rejectedByUpnLimit > 0) {
      const had = c.affectedUpns === 1 ? 'had' : 'each had';
      lead.push(
        `${UPN_LIMIT_PROBLEM}: ${plural(c.affectedUpns, 'UPN')} ${had} more than ` +
          `${plural(this.#limits.maxRecordsPerUpn, 'row')}; ${plural(c.rejectedByUpnLimit, 'row')} ignored`,
      );
    }
    if (lead.length === 0) return;
    for (const message of lead) draft.problems.add(message, 1, { priority: LIMIT_PRIORITY, counted: false });
    if (draft.status !== 'failure') draft.status = 'partial';
  }
}
