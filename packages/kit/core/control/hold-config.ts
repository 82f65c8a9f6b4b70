import { plural } from '../format-count.js';
import type { HoldCounts } from './control-store.js';

/**
 * `hold:`: thresholds above which a run stops before its commit and waits for an operator (top level
 * for every connector; a connector's own `hold:` replaces the keys it sets). Absent thresholds never hold.
 */
export interface HoldConfig {
  /** Stored values the commit would clear. */
  readonly maxClearedValues?: number;
  /** Users the commit would remove or clear as leavers. */
  readonly maxLeavers?: number;
  /** Share (percent) of the run's processed users with a stored value the commit would change or clear. */
  readonly maxChangedPercent?: number;
  /** Hours a held run waits for a decision before it is rejected (default 24). */
  readonly timeoutHours?: number;
}

export const DEFAULT_HOLD_TIMEOUT_HOURS = 24;

/** The thresholds need the sink to count what its commit would change (not only the leavers). */
export function holdNeedsChanges(config: HoldConfig | undefined): boolean {
  return config?.maxClearedValues !== undefined || config?.maxChangedPercent !== undefined;
}

/** The run has a threshold at all. */
export function holdConfigured(config: HoldConfig | undefined): boolean {
  return holdNeedsChanges(config) || config?.maxLeavers !== undefined;
}

/** One sentence per threshold the counts exceed (none: the run commits). */
export function holdReasons(config: HoldConfig | undefined, counts: HoldCounts): string[] {
  const reasons: string[] = [];
  if (config === undefined) return reasons;
  const { maxLeavers, maxClearedValues, maxChangedPercent } = config;
  if (maxLeavers !== undefined && counts.leavers > maxLeavers)
    reasons.push(`${plural(counts.leavers, 'leaver')} (hold.maxLeavers ${maxLeavers})`);
  if (maxClearedValues !== undefined && counts.clearedValues !== undefined && counts.clearedValues > maxClearedValues)
    reasons.push(`${plural(counts.clearedValues, 'value')} cleared (hold.maxClearedValues ${maxClearedValues})`);
  if (maxChangedPercent !== undefined && counts.changedUsers !== undefined && counts.processedRows > 0) {
    const percent = (counts.changedUsers / counts.processedRows) * 100;
    if (percent > maxChangedPercent)
      reasons.push(
        `${plural(counts.changedUsers, 'user')} changed, ${percent.toFixed(1)} % of ${plural(counts.processedRows, 'user')} (hold.maxChangedPercent ${maxChangedPercent})`,
      );
  }
  return reasons;
}

/** The connector's thresholds: the top level's, with the keys its own entry sets replaced. */
export function holdConfigOf(top: HoldConfig | undefined, own: HoldConfig | undefined): HoldConfig | undefined {
  if (top === undefined) return own;
  if (own === undefined) return top;
  return { ...top, ...own };
}
