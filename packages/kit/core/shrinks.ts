/** The shrink guard's thresholds (`limits.maxShrinkPercent`, `limits.minShrinkRows`). */
export interface ShrinkLimits {
  readonly maxShrinkPercent: number;
  readonly minShrinkRows: number;
}

/**
 * True when `now` is too far below `before`: a drop to zero from a non-empty baseline, whatever its
 * size, or a drop by more than `maxShrinkPercent` of `before` **and** by more than `minShrinkRows`.
 * The shrink guard compares a run with the last committed one with it, and a full read's leavers with
 * the users the connector held.
 */
export function shrinks(before: number, now: number, limits: ShrinkLimits): boolean {
  if (before <= 0 || now >= before) return false;
  if (now === 0) return true;
  const drop = before - now;
  return drop * 100 > before * limits.maxShrinkPercent && drop > limits.minShrinkRows;
}
