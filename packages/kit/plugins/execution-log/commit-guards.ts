import {
  DEFAULT_LIMITS,
  FatalError,
  formatCount,
  type LimitsConfig,
  type RunDraft,
  type RunInfo,
  type RunObserver,
  type RunResult,
  type ShrinkLimits,
} from '../../core/index.js';
import { describeShrink, findShrinks, type RunCounts } from './shrink-guard.js';
import type { RunBaseline } from './store/baseline-store.js';

/** Guard sentences come first in the description, like a failed run's error. */
const GUARD_PRIORITY = 100;
const ALLOW = 'if the change is intended, run again with --allow-shrink (or set allowShrink: true on the connector)';

/**
 * The guards that compare a run with the connector's history (docs/execution-log.md, "Guards"),
 * checked once reading is over, after the run's own checks (an incomplete read, nothing processed, a
 * field with no value), and before the sink commits:
 * 1. mapping errors rejected more than `limits.maxMappingErrorPercent` of the received rows;
 * 2. the shrink guard: fewer processed rows, or fewer non-empty values of one field, than the last
 *    committed run, by more than `maxShrinkPercent` and `minShrinkRows`, or down to zero.
 * Each throws a FatalError (`GUARD_*`): the run fails and nothing is committed. What the run would
 * commit (the run's counts) becomes the connector's next baseline once the run has committed. A change
 * read (incremental sync) holds only the users that changed: it is not compared with the baseline,
 * and it leaves the baseline of the last full read in place.
 */
export class CommitGuards implements RunObserver {
  readonly #run: RunInfo;
  readonly #limits: Required<LimitsConfig>;
  readonly #baseline: RunBaseline | undefined;
  #counts: RunCounts = { processedRows: 0, fields: {} };

  constructor(run: RunInfo, limits: LimitsConfig, baseline: RunBaseline | undefined) {
    this.#run = run;
    this.#limits = { ...DEFAULT_LIMITS, ...withoutUndefined(limits) };
    this.#baseline = baseline;
  }

  beforeCommit(draft: RunDraft): void {
    this.#counts = { processedRows: draft.processedRows, fields: { ...draft.fieldValues } };
    const received = draft.receivedRows;
    const errors = draft.rejectedByMapping;
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
    if (this.#run.sync?.mode === 'changes') return; // a change read holds the changed users only: not a shrink
    const limits: ShrinkLimits = this.#limits;
    const found = findShrinks(baseline, this.#counts, limits);
    if (found.length === 0) return;
    const drops = found.map((s) => describeShrink(s, this.#counts.processedRows)).join('; ');
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

  /** The baseline this run leaves, when it committed (success or partial, not a dry run). */
  baselineAfter(result: RunResult): RunBaseline | undefined {
    if (result.dryRun || (result.status !== 'success' && result.status !== 'partial')) return undefined;
    if (result.sync?.mode === 'changes') return undefined; // the baseline stays the last full read's
    return { nqlId: result.nqlId, runId: result.runId, time: result.endedAt, ...this.#counts };
  }
}

function withoutUndefined(limits: LimitsConfig): Partial<Required<LimitsConfig>> {
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) as Partial<
    Required<LimitsConfig>
  >;
}
