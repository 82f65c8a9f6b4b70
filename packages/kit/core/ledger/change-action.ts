import type { SinkIdentifier } from '../sync/sync-state-store.js';

/** What a committed run did to one user's field. */
export type ChangeAction = 'added' | 'changed' | 'cleared' | 'left';

export const CHANGE_ACTIONS: readonly ChangeAction[] = ['added', 'changed', 'cleared', 'left'];

/**
 * One stored value a commit changed, as the sink saw it in its store: the value it held before and the
 * value it holds now, as text (`null`: no value at all, e.g. a user it never held, or values removed).
 */
export interface StoredChange {
  readonly identifier: SinkIdentifier;
  readonly field: string;
  readonly oldValue: string | null;
  readonly newValue: string | null;
}

/**
 * Where a sink that declares `reportsChanges` sends, during its commit, every stored value the commit
 * changed (and only those: an unchanged value is not a change). It may send them in any number of
 * calls, and must await each call before the next.
 */
export interface ChangeReport {
  add(changes: readonly StoredChange[]): void | Promise<void>;
}

/**
 * The one rule that names a change: a user who left (a leaver cleared or removed) `left`; no value
 * before `added`; an empty value or none after `cleared`; anything else `changed`. Undefined when
 * nothing changed.
 */
export function changeAction(change: StoredChange, leaver: boolean): ChangeAction | undefined {
  if (change.oldValue === change.newValue) return undefined;
  if (leaver) return 'left';
  if (change.oldValue === null) return 'added';
  if (change.newValue === null || change.newValue === '') return 'cleared';
  return 'changed';
}
