import type { ProblemLog } from '../../core/index.js';

/**
 * Puts `lead` messages at the front of a run's problems (after the error of a failed run, which stays
 * first) and drops the per-row entries in `drop` that the lead messages summarise. The host counts
 * every `RowBatch.reject(i, problem)` as one occurrence of `problem`; the limits describe their
 * rejections better in one sentence each, so those counters are replaced rather than repeated.
 * Order and counts of every other problem are kept.
 */
export function leadProblems(log: ProblemLog, lead: readonly string[], drop: ReadonlySet<string>, keepFirst: boolean): void {
  const kept = log.entries().filter((e) => !drop.has(e.message));
  log.clear();
  const readd = (e: { message: string; count: number }) => log.add(e.message, Math.max(1, e.count), { counted: e.count > 0 });
  if (keepFirst && kept.length > 0) readd(kept.shift()!);
  for (const message of lead) log.add(message, 1, { counted: false });
  for (const e of kept) readd(e);
}
