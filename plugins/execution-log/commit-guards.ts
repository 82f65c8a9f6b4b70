import { FatalError, type LimitsConfig, type RunDraft, type RunInfo, type RunObserver, type RunResult, type SinkRecord } from '../../core/index.js';
import { DEFAULT_LIMITS } from '../../core/index.js';
import { formatCount } from './format-count.js';
import { describeShrink, findShrinks, type ShrinkLimits } from './shrink-guard.js';
import type { RunBaseline } from './store/baseline-store.js';

/** Guard sentences come first in the description, like a failed run's error. */
const GUARD_PRIORITY = 100;
const ALLOW = 'if the change is intended, run again with --allow-shrink (or set allowShrink: true on the connector)';

/**
 * The guards that keep a bad run from committing (docs/execution-log.md, "Guards"), checked once
 * reading is over and before the sink commits:
 * 1. rows were received but none processed;
 * 2. mapping errors rejected more than `limits.maxMappingErrorPercent` of the received rows;
 * 3. the shrink guard: fewer processed rows, or fewer non-empty values of one field, than the last
 *    committed run, by more than `maxShrinkPercent` and `minShrinkRows`, or down to zero.
 * Each throws a FatalError (`GUARD_*`): the run fails and nothing is committed. It also counts what
 * the run would commit, which becomes the connector's next baseline once the run has committed.
 */
export class CommitGuards implements RunObserver {
  readonly #run: RunInfo;
  readonly #limits: Required<LimitsConfig>;
  readonly #baseline: RunBaseline | undefined;
  readonly #targets: readonly string[];
  #counts: Float64Array;
  #processed = 0;

  constructor(run: RunInfo, limits: LimitsConfig, baseline: RunBaseline | undefined) {
    this.#run = run;
    this.#limits = { ...DEFAULT_LIMITS, ...withoutUndefined(limits) };
    this.#baseline = baseline;
    this.#targets = [...new Set(run.targets ?? [])];
    this.#counts = new Float64Array(this.#targets.length);
  }

  onMapped(records: readonly SinkRecord[]): void {
    const targets = this.#targets;
    const counts = this.#counts;
    this.#processed += records.length;
    for (let i = 0; i < records.length; i++) {
      const fields = records[i]!.fields;
      for (let j = 0; j < targets.length; j++) {
        const value = fields[targets[j]!];
        if (value !== undefined && value !== '') counts[j]!++;
      }
    }
  }

  onRestart(): void {
    this.#processed = 0;
    this.#counts = new Float64Array(this.#targets.length);
  }

  beforeCommit(draft: RunDraft): void {
    const received = draft.receivedRows;
    const errors = draft.rejectedByMapping;
    if (received > 0 && draft.processedRows === 0) {
      const others = received - errors;
      const why = [errors > 0 ? `${formatCount(errors)} rejected by mapping errors` : '', others > 0 ? `${formatCount(others)} ignored (an empty identifier or a limit)` : '']
        .filter(Boolean)
        .join(', ');
      throw new FatalError('GUARD_NOTHING_PROCESSED', `No row was processed: ${formatCount(received)} rows received, ${why}; nothing was committed`);
    }
    const maxPercent = this.#limits.maxMappingErrorPercent;
    if (received > 0 && errors * 100 > received * maxPercent) {
      throw new FatalError(
        'GUARD_MAPPING_ERRORS',
        `Too many mapping errors: ${formatCount(errors)} of ${formatCount(received)} received rows (${Math.round((errors * 100) / received)}%) ` +
          `were rejected by the mapping, more than limits.maxMappingErrorPercent (${maxPercent}%); nothing was committed`,
      );
    }
    this.#checkShrink(draft);
  }

  #checkShrink(draft: RunDraft): void {
    const baseline = this.#baseline;
    if (!baseline) return; // the first run has nothing to compare with
    const limits: ShrinkLimits = this.#limits;
    const found = findShrinks(baseline, this.counts, limits);
    if (found.length === 0) return;
    const drops = found.map((s) => describeShrink(s, this.#processed)).join('; ');
    if (this.#run.allowShrink) {
      draft.problems.add(`Shrink accepted (allow-shrink): ${drops}`, 1, { priority: GUARD_PRIORITY, counted: false });
      return;
    }
    throw new FatalError(
      'GUARD_SHRINK',
      `Shrink guard: ${drops}. Nothing was committed: a drop to zero, or by more than ${limits.maxShrinkPercent}% and more than ` +
        `${formatCount(limits.minShrinkRows)} rows (limits.maxShrinkPercent, limits.minShrinkRows), since the last committed run ` +
        `(${baseline.time.toISOString()}) stops the run; ${ALLOW}`,
    );
  }

  /** What the run would commit: processed rows and each field's non-empty count. */
  get counts(): { processedRows: number; fields: Record<string, number> } {
    const fields: Record<string, number> = {};
    this.#targets.forEach((target, j) => (fields[target] = this.#counts[j]!));
    return { processedRows: this.#processed, fields };
  }

  /** The baseline this run leaves, when it committed (success or partial, not a dry run). */
  baselineAfter(result: RunResult): RunBaseline | undefined {
    if (result.dryRun || (result.status !== 'success' && result.status !== 'partial')) return undefined;
    return { nqlId: result.nqlId, runId: result.runId, time: result.endedAt, ...this.counts };
  }
}

function withoutUndefined(limits: LimitsConfig): Partial<Required<LimitsConfig>> {
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) as Partial<Required<LimitsConfig>>;
}
