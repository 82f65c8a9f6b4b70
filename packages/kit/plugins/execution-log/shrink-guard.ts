import { formatCount, shrinks, type ShrinkLimits } from '../../core/index.js';
import type { RunBaseline } from './store/baseline-store.js';

/** One count that dropped too far: the processed rows (no field) or one field's non-empty values. */
export interface Shrink {
  readonly field?: string;
  readonly before: number;
  readonly now: number;
}

/** What this run would commit. */
export interface RunCounts {
  readonly processedRows: number;
  readonly fields: Readonly<Record<string, number>>;
}

/**
 * Every count of the run that shrank against the baseline: the rows first, then the fields the baseline
 * also had, in mapping order. When the rows shrank, a field is listed only when it shrank by itself too:
 * down to zero, or the share of rows that have a value fell by more than `maxShrinkPercent` (a field
 * that merely lost the rows that left adds nothing to the message).
 */
export function findShrinks(baseline: RunBaseline, run: RunCounts, limits: ShrinkLimits): Shrink[] {
  const found: Shrink[] = [];
  const rowsShrank = shrinks(baseline.processedRows, run.processedRows, limits);
  if (rowsShrank) found.push({ before: baseline.processedRows, now: run.processedRows });
  for (const [field, now] of Object.entries(run.fields)) {
    const before = baseline.fields[field];
    if (before === undefined || !shrinks(before, now, limits)) continue;
    if (rowsShrank && now > 0 && !shareFell(before / baseline.processedRows, now / run.processedRows, limits)) continue;
    found.push({ field, before, now });
  }
  return found;
}

/** The share of rows with a value fell by more than `maxShrinkPercent` of what it was. */
function shareFell(before: number, now: number, limits: ShrinkLimits): boolean {
  return (before - now) * 100 > before * limits.maxShrinkPercent;
}

function percentDrop(s: Shrink): string {
  return `−${Math.round(((s.before - s.now) * 100) / s.before)}%`;
}

/**
 * `department: 0 of 4,000 rows have a value, last committed run 4,000 (−100%)`, or for the rows
 * `200 rows processed, last committed run 5,000 (−96%)`.
 */
export function describeShrink(s: Shrink, processedRows: number): string {
  if (s.field === undefined)
    return `${formatCount(s.now)} rows processed, last committed run ${formatCount(s.before)} (${percentDrop(s)})`;
  return `${s.field}: ${formatCount(s.now)} of ${formatCount(processedRows)} rows have a value, last committed run ${formatCount(s.before)} (${percentDrop(s)})`;
}
