import { FatalError, formatCount, type SinkRecord, type SourceRecord } from '../../core/index.js';

/** What happened to the rows of one source batch, stage by stage. */
export interface BatchOutcome {
  /** Rows whose identification failed (a mapping error). */
  readonly identificationErrors: number;
  /** Rows left with an identifier after identification (non-empty). */
  readonly identified: number;
  /** Identified rows an execution listener vetoed (a limit). */
  readonly vetoed: number;
  /** Rows whose field mapping failed (a mapping error). */
  readonly fieldErrors: number;
}

/** Received rows that were not processed, by cause. */
export interface IgnoredRows {
  readonly emptyIdentifier: number;
  readonly mappingErrors: number;
  readonly vetoed: number;
}

/** How many source records lend their property names to the suggestions of an empty field. */
const NAME_SAMPLE_RECORDS = 50;

/**
 * The counts of one run, kept by the run itself whatever the reader, the listeners and the sink:
 * rows received, processed and ignored by cause, each mapped field's non-empty values, and the
 * property names of the first records (to suggest a field name). Every batch must balance, received =
 * processed + ignored; a batch that does not is a fault of the pipeline, and the run fails rather than
 * lose rows without a word.
 */
export class RunTally {
  readonly #targets: readonly string[];
  #values: Float64Array;
  #received = 0;
  #processed = 0;
  #emptyIdentifier = 0;
  #mappingErrors = 0;
  #vetoed = 0;
  #sampled = 0;
  readonly #names = new Set<string>();

  constructor(targets: readonly string[]) {
    this.#targets = [...new Set(targets)];
    this.#values = new Float64Array(this.#targets.length);
  }

  get received(): number {
    return this.#received;
  }

  get processed(): number {
    return this.#processed;
  }

  get ignored(): IgnoredRows {
    return { emptyIdentifier: this.#emptyIdentifier, mappingErrors: this.#mappingErrors, vetoed: this.#vetoed };
  }

  /** Counts one batch: `records` as received, `out` as they go to the sink. Throws RUN_ROWS_UNACCOUNTED when they do not balance. */
  add(records: readonly SourceRecord[], out: readonly SinkRecord[], outcome: BatchOutcome): void {
    const emptyIdentifier = records.length - outcome.identified - outcome.identificationErrors;
    const expected = outcome.identified - outcome.vetoed - outcome.fieldErrors;
    if (emptyIdentifier < 0 || out.length !== expected) {
      throw new FatalError(
        'RUN_ROWS_UNACCOUNTED',
        `Rows unaccounted for: a batch of ${formatCount(records.length)} received rows gave ${formatCount(out.length)} processed rows, ` +
          `but ${formatCount(expected)} were neither ignored nor rejected (${formatCount(outcome.identificationErrors + outcome.fieldErrors)} mapping errors, ` +
          `${formatCount(Math.max(0, emptyIdentifier))} empty identifiers, ${formatCount(outcome.vetoed)} over a limit); nothing was committed`,
      );
    }
    this.#received += records.length;
    this.#processed += out.length;
    this.#emptyIdentifier += emptyIdentifier;
    this.#mappingErrors += outcome.identificationErrors + outcome.fieldErrors;
    this.#vetoed += outcome.vetoed;
    this.#countValues(out);
    if (this.#sampled < NAME_SAMPLE_RECORDS) this.#sampleNames(records);
  }

  /** The source read again from the beginning: what was counted is discarded (the names stay). */
  restart(): void {
    this.#received = this.#processed = this.#emptyIdentifier = this.#mappingErrors = this.#vetoed = 0;
    this.#values = new Float64Array(this.#targets.length);
  }

  /** Per mapped target, how many processed rows have a value (neither missing nor ""). */
  get fieldValues(): Record<string, number> {
    const fields: Record<string, number> = {};
    this.#targets.forEach((target, j) => (fields[target] = this.#values[j]!));
    return fields;
  }

  /** Property names seen in the first records, nested ones included (`Manager`, `Email`). */
  get names(): readonly string[] {
    return [...this.#names];
  }

  #countValues(out: readonly SinkRecord[]): void {
    const targets = this.#targets;
    const values = this.#values;
    for (let i = 0; i < out.length; i++) {
      const fields = out[i]!.fields;
      for (let j = 0; j < targets.length; j++) {
        const value = fields[targets[j]!];
        if (value !== undefined && value !== '') values[j]!++;
      }
    }
  }

  #sampleNames(records: readonly SourceRecord[]): void {
    const take = Math.min(records.length, NAME_SAMPLE_RECORDS - this.#sampled);
    for (let i = 0; i < take; i++) collectNames(records[i], this.#names, 0);
    this.#sampled += take;
  }
}

function collectNames(value: unknown, into: Set<string>, depth: number): void {
  if (depth > 2 || typeof value !== 'object' || value === null || Array.isArray(value)) return;
  for (const [name, nested] of Object.entries(value)) {
    into.add(name);
    collectNames(nested, into, depth + 1);
  }
}
