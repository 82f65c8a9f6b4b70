import {
  ConfigError,
  FatalError,
  compileExpression,
  type CompiledExpression,
  type ConnectorContext,
  type SourceRecord,
  type SyncRead,
} from 'tributary-kit';
import { changeTime, sinceText } from './change-time.js';
import { neededForIncremental } from './incremental-needs.js';
import { evaluate } from './page-expressions.js';
import type { ChangeFilter, RestJsonParameters } from './parameters.js';

const MAX_SHOWN = 40;

/** What `changedAtPath` gave, for an error message: short, and never a whole object. */
function shown(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (typeof value !== 'string' && typeof value !== 'number') return `a value of type ${typeof value}`;
  const text = JSON.stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/**
 * The cursor of a read that keeps one: the latest change time among the records read, as ISO 8601.
 * A change read starts from `since`, which stays the cursor when nothing later was read.
 */
export class ChangeCursor {
  readonly #filter: ChangeFilter;
  readonly #changedAt: CompiledExpression;
  readonly #sync: SyncRead;
  /** The instant of a change read's `since`. */
  readonly #since: number | undefined;
  #latest: number | undefined;

  /** The cursor of this read, or undefined when the host asked for none (a full read without cursor). */
  static of(context: ConnectorContext<RestJsonParameters>): ChangeCursor | undefined {
    const { sync, parameters } = context;
    if (sync.mode === 'full' && !sync.cursor) return undefined;
    if (!parameters.changes)
      throw new ConfigError('REST_CHANGES_MISSING', `parameters.changes ${neededForIncremental('changes')}`);
    return new ChangeCursor(parameters.changes, sync);
  }

  private constructor(filter: ChangeFilter, sync: SyncRead) {
    this.#filter = filter;
    this.#changedAt = compileExpression(filter.changedAtPath);
    this.#sync = sync;
    if (sync.mode !== 'changes') return;
    this.#since = changeTime(sync.since, 'iso');
    if (this.#since === undefined)
      throw new FatalError(
        'REST_CURSOR_INVALID',
        `the cursor the last run left, "${sync.since}", is not an ISO 8601 time: read everything once to start again`,
      );
  }

  /** The since query parameter of a change read (the cursor less the look-back); none on a full read. */
  query(): Record<string, string> | undefined {
    if (this.#sync.mode !== 'changes' || this.#since === undefined) return undefined;
    const from = this.#since - this.#sync.lookBackSeconds * 1000;
    return { [this.#filter.sinceParam]: sinceText(from, this.#filter.sinceFormat) };
  }

  /** Takes in the change times of one page's records; a record without one fails the read. */
  async observe(records: readonly SourceRecord[]): Promise<void> {
    for (const record of records) {
      const value = await evaluate(this.#changedAt, record);
      const instant = changeTime(value, this.#filter.sinceFormat);
      if (instant === undefined)
        throw new FatalError(
          'REST_CHANGE_TIME_INVALID',
          `changes.changedAtPath "${this.#changedAt.source}" gives ${shown(value)} for a record read: every record needs the time it last changed, as ISO 8601 or an epoch number`,
        );
      if (this.#latest === undefined || instant > this.#latest) this.#latest = instant;
    }
  }

  /** Where the next change read starts; undefined when a full read found no record. */
  next(): string | undefined {
    const since = this.#sync.mode === 'changes' ? this.#sync.since : undefined;
    if (this.#latest === undefined) return since;
    if (this.#since !== undefined && this.#latest <= this.#since) return since;
    return new Date(this.#latest).toISOString();
  }
}
