import {
  DEFAULT_LIMITS,
  EMPTY_COMMIT_PLAN,
  FatalError,
  formatCount,
  messageOf,
  shrinks,
  type AbsentMember,
  type CommitPlan,
  type SinkRecord,
  type SyncState,
} from '../../core/index.js';
import { readToTheEnd, restartRead } from './read-batches.js';
import type { RunState } from './run-state.js';

/** The coverage sentence sits right after a failure's own sentence in the description. */
const COVERAGE_PRIORITY = 50;

/** What a full read settled before the commit: the sink's plan, the clears, and what the members lose. */
export interface SyncSettlement {
  readonly plan: CommitPlan;
  readonly clears: readonly SinkRecord[];
  readonly removed: readonly AbsentMember[];
  readonly unmatched: number;
  /** False when the row limit cut the read short: it then counts as no full read for the members. */
  readonly complete: boolean;
}

const count = (n: number, what: string): string => `${formatCount(n)} ${what}`;

function note(run: RunState, sentence: string): void {
  run.problems.add(sentence, 1, { priority: COVERAGE_PRIORITY, counted: false });
}

/**
 * After a change read: does the store account for every row the source holds? The source's count
 * (`sourceHolds`) must not exceed the users present after this read plus the rows the last full read
 * found without a user of their own. More is a gap: rows the change reads missed. Under `onGap: full`
 * the run reads everything again at once (returns true); under `fail` it fails, committing nothing.
 */
export async function changeReadHasGap(run: RunState): Promise<boolean> {
  const { sync, state, connector } = run;
  if (!sync || state.sync.mode !== 'changes') return false;
  const source = state.sourceCount;
  if (source === undefined)
    throw new FatalError(
      'SYNC_SOURCE_COUNT_MISSING',
      `${run.template.displayName} read changes but did not say how many rows the source holds: coverage cannot be proven, nothing was committed`,
    );
  const previous = sync.previous!;
  const added = await sync.stage.added();
  const present = previous.present + added;
  const accounted = present + previous.unmatched;
  const origin = state.sourceFrom ? ` (${state.sourceFrom})` : '';
  if (source <= accounted) {
    note(
      run,
      `Coverage (change read since ${state.sync.since}): the source holds ${count(source, 'rows')}${origin}; the store accounts for ${formatCount(accounted)}: ` +
        `${count(present, 'users')} present (${formatCount(added)} new or back) and ${count(previous.unmatched, 'rows')} without a user of their own at the last full read` +
        (accounted > source
          ? `; ${count(accounted - source, 'users')} left the source since, settled at the next full read`
          : ''),
    );
    return false;
  }
  const gap = `Coverage gap: the source holds ${count(source, 'rows')}${origin} but the store accounts for ${formatCount(accounted)} (${formatCount(source - accounted)} missing)`;
  if (connector.sync!.onGap === 'fail')
    throw new FatalError('SYNC_COVERAGE_GAP', `${gap}; nothing was committed (sync.onGap: fail)`);
  run.services.logger.warn(`${connector.nqlId}: ${gap}: reading everything (sync.onGap: full)`);
  run.state.sync = { mode: 'full', cursor: true, reason: `${gap}: read everything (sync.onGap: full)` };
  (run.info as { sync?: unknown }).sync = run.state.sync;
  run.state.sourceCount = run.state.sourceFrom = run.state.cursor = undefined;
  await restartRead(run, 'a coverage gap');
  return true;
}

/** Leavers to clear or delete would remove too many of the users the connector held: the shrink guard's thresholds. */
function guardLeavers(run: RunState, leavers: number, held: number): void {
  if (leavers === 0 || run.info.allowShrink) return;
  const limits = { ...DEFAULT_LIMITS, ...run.services.limits };
  if (!shrinks(held, held - leavers, limits)) return;
  throw new FatalError(
    'GUARD_LEAVERS',
    `Leaver guard: ${count(leavers, 'users')} of the ${formatCount(held)} the connector held left the source and would be ` +
      `${run.connector.sync!.leavers.action === 'delete' ? 'deleted' : 'cleared'}, more than limits.maxShrinkPercent (${limits.maxShrinkPercent}%) and ` +
      `limits.minShrinkRows (${formatCount(limits.minShrinkRows)}); nothing was committed. If they did leave, run again with --allow-shrink`,
  );
}

function clearsOf(run: RunState, leavers: readonly AbsentMember[]): SinkRecord[] {
  const empty = Object.fromEntries(run.connector.mapping.fields.map((f) => [f.target, '']));
  return leavers.map((l) => ({ identifier: l.identifier, fields: empty }));
}

/**
 * After a full read of a connector with a `sync:` entry, before its commit: the members it did not
 * return, those past the grace (`leavers.afterFullReads`) under `clear` or `delete` (guarded like a
 * shrink), and the coverage sentence. The others stay in the store (`retain`).
 */
export async function settleFullRead(run: RunState): Promise<SyncSettlement | undefined> {
  const { sync, state, connector } = run;
  if (!sync || state.sync.mode !== 'full') return undefined;
  const previous: Partial<SyncState> = sync.previous ?? {};
  const { action, afterFullReads } = connector.sync!.leavers;
  const absent = await sync.stage.absent();
  if (cutShort(run)) return keepUnread(run, absent, previous);
  const added = await sync.stage.added();
  const stillAbsent = absent.filter((m) => m.missedFullReads >= 2).length;
  const present = (previous.present ?? 0) - (absent.length - stillAbsent) + added;
  const leavers = action === 'keep' ? [] : absent.filter((m) => m.missedFullReads >= afterFullReads);
  guardLeavers(run, leavers.length, (previous.present ?? 0) + (previous.absent ?? 0));
  const gone = new Set(leavers);
  const retain = absent.filter((m) => !gone.has(m)).map((m) => m.identifier);
  const received = run.tally.received;
  const unmatched = Math.max(0, received - present);
  const source = state.expectedRows ?? received;
  const verb = action === 'delete' ? 'deleted' : 'cleared';
  note(
    run,
    `Coverage (full read: ${state.sync.reason}): the source holds ${count(source, 'rows')}, ${formatCount(received)} received: ` +
      `${count(present, 'users')} and ${count(unmatched, 'rows')} without a user of their own (no identifier, ignored or a duplicate); ` +
      `the store holds ${count(present + retain.length, 'users')} for this connector` +
      (retain.length
        ? `, ${formatCount(retain.length)} of them absent from the source and kept (leavers: ${action})`
        : '') +
      (leavers.length ? `; ${count(leavers.length, 'leavers')} ${verb}` : ''),
  );
  return {
    plan: {
      remove: action === 'delete' ? leavers.map((l) => l.identifier) : EMPTY_COMMIT_PLAN.remove,
      retain,
    },
    clears: action === 'clear' ? clearsOf(run, leavers) : [],
    removed: leavers,
    unmatched,
    complete: true,
  };
}

/** The row limit left rows of the source unread, or read but ignored: the read did not see every user. */
function cutShort(run: RunState): boolean {
  const { state, tally } = run;
  return state.moreAvailable || (state.stopRequested && (!readToTheEnd(run) || tally.ignored.vetoed > 0));
}

/**
 * A full read the row limit cut short did not see every user: the ones it did not read are kept, no
 * leaver is decided, and the members commit as after a change read (no missed read counted).
 */
function keepUnread(run: RunState, absent: readonly AbsentMember[], previous: Partial<SyncState>): SyncSettlement {
  note(
    run,
    `Coverage (full read cut short by the row limit): ${count(absent.length, 'users')} the connector holds were not read; ` +
      `they are kept, and leavers are decided at the next complete full read`,
  );
  return {
    plan: { remove: EMPTY_COMMIT_PLAN.remove, retain: absent.map((m) => m.identifier) },
    clears: [],
    removed: [],
    unmatched: previous.unmatched ?? 0,
    complete: false,
  };
}

/**
 * Once the sink committed: the members and the cursor follow, in one step of their own. Should that
 * step fail, the data stays committed and the next run reads from the previous cursor again (sinks
 * upsert, so reading a change twice is harmless): a warning says so.
 */
export async function commitSyncState(run: RunState, settlement: SyncSettlement | undefined): Promise<void> {
  const { sync, state } = run;
  if (!sync) return;
  const stage = sync.take();
  try {
    await stage.commit({
      full: state.sync.mode === 'full' && settlement?.complete !== false,
      cursor: state.cursor,
      unmatched: settlement?.unmatched ?? 0,
      removed: settlement?.removed.map((m) => m.identifier) ?? [],
      time: new Date(),
    });
  } catch (error) {
    await stage.abort().catch(() => undefined);
    run.state.warnings.push(
      `The data was committed but the sync state was not (${messageOf(error)}): the next run reads from the previous cursor again`,
    );
  }
}
