import {
  compareCodePoints,
  memberKey,
  memberStageFinished,
  type AbsentMember,
  type MemberStage,
  type SinkIdentifier,
  type SyncOutcome,
  type SyncState,
  type SyncStateStore,
} from '../../../core/index.js';

/** A member as the `sync_members` table holds it. */
interface Member {
  readonly kind: SinkIdentifier['kind'];
  /** The lower-cased identifier. */
  readonly key: string;
  /** The spelling last staged. */
  identifier: string;
  /** Full reads in a row that did not return the member. */
  missed: number;
}

/** A connector's row of the `sync_state` table (times as ISO text, as SQLite keeps them). */
interface StateRow {
  readonly cursor: string | null;
  readonly lastFullAt: string | null;
  readonly unmatched: number;
  readonly present: number;
  readonly absent: number;
}

const toState = (nqlId: string, row: StateRow): SyncState => ({
  nqlId,
  cursor: row.cursor ?? undefined,
  lastFullAt: row.lastFullAt === null ? undefined : new Date(row.lastFullAt),
  unmatched: row.unmatched,
  present: row.present,
  absent: row.absent,
});

const byKindAndKey = (a: Member, b: Member): number =>
  compareCodePoints(a.kind, b.kind) || compareCodePoints(a.key, b.key);

/**
 * Applies a run's outcome to the connector's members and returns its new state row, as SQLite's commit
 * transaction does: the staged users upserted in their latest spelling, a missed full read counted for
 * the others, the removed deleted, the cursor and last full read kept when the run sets none.
 */
function applyOutcome(
  members: Map<string, Member>,
  staged: ReadonlyMap<string, Member>,
  outcome: SyncOutcome,
  previous: StateRow | undefined,
): StateRow {
  // What may throw first, so that a failed commit changes nothing, as SQLite's transaction does.
  const fullAt = outcome.full ? outcome.time.toISOString() : null;
  const removed = outcome.removed.map(memberKey);
  for (const [key, user] of staged) {
    const member = members.get(key);
    if (member) Object.assign(member, { identifier: user.identifier, missed: 0 });
    else members.set(key, { ...user });
  }
  if (outcome.full) for (const [key, member] of members) if (!staged.has(key)) member.missed++;
  for (const key of removed) members.delete(key);
  let present = 0;
  for (const member of members.values()) if (member.missed === 0) present++;
  const counts = { present, absent: members.size - present };
  if (!previous) return { cursor: outcome.cursor ?? null, lastFullAt: fullAt, unmatched: outcome.unmatched, ...counts };
  return {
    cursor: outcome.cursor ?? previous.cursor,
    lastFullAt: fullAt ?? previous.lastFullAt,
    unmatched: fullAt === null ? previous.unmatched : outcome.unmatched,
    ...counts,
  };
}

/** A stage over the connector's `members` that keeps its users until `commit` hands them over. */
function openStage(
  members: () => ReadonlyMap<string, Member>,
  commit: (staged: ReadonlyMap<string, Member>, outcome: SyncOutcome) => SyncState,
): MemberStage {
  /** The users staged, by key, each in its latest spelling (SQLite's commit upserts them in staging order). */
  let staged = new Map<string, Member>();
  let finished = false;
  const assertOpen = (): void => {
    if (finished) throw memberStageFinished();
  };
  const finish = (): void => {
    finished = true;
    staged = new Map();
  };
  return {
    add: (identifiers) => {
      assertOpen();
      // All or none of a batch, as SQLite's transaction stages it.
      const users = identifiers.map((id): [string, Member] => [
        memberKey(id),
        { kind: id.kind, key: id.value.toLowerCase(), identifier: id.value, missed: 0 },
      ]);
      for (const [key, user] of users) staged.set(key, user);
    },
    added: async () => {
      assertOpen();
      const held = members();
      let added = 0;
      for (const key of staged.keys()) if (held.get(key)?.missed !== 0) added++;
      return added;
    },
    absent: async (): Promise<AbsentMember[]> => {
      assertOpen();
      return [...members()]
        .filter(([key]) => !staged.has(key))
        .map(([, m]) => m)
        .sort(byKindAndKey)
        .map((m) => ({ identifier: { kind: m.kind, value: m.identifier }, missedFullReads: m.missed + 1 }));
    },
    async commit(outcome) {
      assertOpen();
      try {
        return commit(staged, outcome);
      } finally {
        finish();
      }
    },
    abort: async () => finish(),
  };
}

/**
 * Each connector's cursor and members without SQLite, for a host that has none (the kit's test host on
 * Node.js 20 without better-sqlite3): it keeps what `sqliteSyncStateStore` keeps and answers as it
 * does. `members` gives a connector's members as `identifier:missed`, ordered by lower-cased identifier.
 */
export function memorySyncStateStore(): SyncStateStore & { members(nqlId: string): readonly string[] } {
  const states = new Map<string, StateRow>();
  /** Per connector, its members by {@link memberKey}. */
  const held = new Map<string, Map<string, Member>>();
  const commit = (nqlId: string, staged: ReadonlyMap<string, Member>, outcome: SyncOutcome): SyncState => {
    const members = held.get(nqlId) ?? new Map<string, Member>();
    const row = applyOutcome(members, staged, outcome, states.get(nqlId));
    held.set(nqlId, members);
    states.set(nqlId, row);
    return toState(nqlId, row);
  };
  return {
    read: async (nqlId) => {
      const row = states.get(nqlId);
      return row ? toState(nqlId, row) : undefined;
    },
    stage: async (nqlId) =>
      openStage(
        () => held.get(nqlId) ?? new Map(),
        (staged, outcome) => commit(nqlId, staged, outcome),
      ),
    members: (nqlId) =>
      [...(held.get(nqlId)?.values() ?? [])]
        .sort((a, b) => compareCodePoints(a.key, b.key) || compareCodePoints(a.kind, b.kind))
        .map((m) => `${m.identifier}:${m.missed}`),
  };
}
