import { memberKey, type CommitPlan, type SyncRead } from 'tributary-kit';

/**
 * Which lines of the previous file a commit keeps beside the run's own, by {@link memberKey}; undefined
 * when it keeps none (the file becomes the run's lines, without reading the previous one):
 * - a `changes` read: every previous line but those of the users it wrote (`written`) or removes;
 * - a full read: the lines of the users the plan retains, unless it removes them too.
 * Its sets hold the run's users and the plan, never the file.
 */
export function previousLinesToKeep(
  sync: SyncRead,
  plan: CommitPlan,
  written: ReadonlySet<string>,
): ((key: string) => boolean) | undefined {
  const removed = new Set(plan.remove.map(memberKey));
  if (sync.mode === 'changes') return (key) => !written.has(key) && !removed.has(key);
  if (plan.retain.length === 0) return undefined;
  const retained = new Set(plan.retain.map(memberKey));
  return (key) => retained.has(key) && !removed.has(key);
}
