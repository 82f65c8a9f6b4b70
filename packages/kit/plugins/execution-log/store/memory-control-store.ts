import {
  FatalError,
  compareCodePoints,
  toAuditEntry,
  toHeldRun,
  toLiveRun,
  toLiveTextRow,
  type AuditRow,
  type ControlStore,
  type HeldRow,
  type LiveRow,
  type RunLogLine,
} from '../../../core/index.js';

/* The SQLite store's rows as it reads them back (times as ISO text, JSON as text), as `toHeldRun` takes them. */
type HeldText = HeldRow & {
  held_at: string;
  deadline: string;
  reasons: string;
  counts: string;
  decided_at: string | null;
};
type LiveText = LiveRow & { started_at: string; updated_at: string; cancel_at: string | null };
type AuditText = AuditRow & { time: string };
interface LineText {
  readonly time: string;
  readonly level: RunLogLine['level'];
  readonly message: string;
}

/** SQLite takes a LIMIT or OFFSET that is a 64-bit integer and refuses anything else. */
function wholeBound(name: string, value: number): number {
  if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63) return value;
  throw new FatalError('CONTROL_STORE_PAGE_NOT_WHOLE', `A control store page's ${name} must be a whole number.`, {
    details: { [name]: String(value) },
  });
}

/** `LIMIT limit OFFSET offset` as SQLite reads it: a negative limit has no bound, a negative offset skips nothing. */
function page<T>(rows: readonly T[], limit: number, offset = 0): T[] {
  const from = Math.max(0, wholeBound('offset', offset));
  const count = wholeBound('limit', limit);
  return count < 0 ? rows.slice(from) : rows.slice(from, from + count);
}

/** The SQLite store's tables, its rows as it keeps them: times as ISO text, JSON as text. */
interface Tables {
  readonly held: Map<string, HeldText>;
  readonly pauses: Map<string, { readonly by: string; readonly at: string }>;
  readonly lifts: Map<string, string>;
  /** In the order recorded: a later entry of the same time is listed first. */
  audit: AuditText[];
  readonly live: Map<string, LiveText>;
  /** Each run's lines, in the order appended. */
  readonly lines: Map<string, LineText[]>;
}

function holds({ held }: Tables): Pick<ControlStore, 'hold' | 'decide' | 'heldRun' | 'heldRuns' | 'releaseHold'> {
  const oldestFirst = (a: HeldText, b: HeldText): number =>
    compareCodePoints(a.held_at, b.held_at) || compareCodePoints(a.run_id, b.run_id);
  return {
    // A run held again replaces the one held, its decision too.
    hold: async (r) =>
      void held.set(r.runId, {
        run_id: r.runId,
        nql_id: r.nqlId,
        host: r.host,
        held_at: r.heldAt.toISOString(),
        deadline: r.deadline.toISOString(),
        reasons: JSON.stringify(r.reasons),
        counts: JSON.stringify(r.counts),
        verdict: null,
        decided_by: null,
        decided_address: null,
        decided_at: null,
      }),
    decide: async (runId, d) => {
      const at = d.at.toISOString();
      const row = held.get(runId);
      if (!row) return { outcome: 'unknown' };
      if (row.verdict !== null) return { outcome: 'already', run: toHeldRun(row) };
      row.verdict = d.verdict;
      row.decided_by = d.by;
      row.decided_address = d.address ?? null;
      row.decided_at = at;
      return { outcome: 'decided', run: toHeldRun(row) };
    },
    heldRun: async (runId) => {
      const row = held.get(runId);
      return row && toHeldRun(row);
    },
    heldRuns: async () =>
      [...held.values()]
        .filter((row) => row.verdict === null)
        .sort(oldestFirst)
        .map(toHeldRun),
    releaseHold: async (runId) => void held.delete(runId),
  };
}

function schedules({
  pauses,
  lifts,
}: Tables): Pick<ControlStore, 'pause' | 'unpause' | 'pauses' | 'liftQuarantine' | 'quarantineLiftedAt'> {
  return {
    pause: async (p) => {
      const at = p.at.toISOString();
      if (!pauses.has(p.nqlId)) pauses.set(p.nqlId, { by: p.by, at });
    },
    unpause: async (nqlId) => pauses.delete(nqlId),
    pauses: async () =>
      [...pauses]
        .sort(([a], [b]) => compareCodePoints(a, b))
        .map(([nqlId, p]) => ({ nqlId, by: p.by, at: new Date(p.at) })),
    liftQuarantine: async (nqlId, time) => {
      const at = time.toISOString();
      const before = lifts.get(nqlId);
      lifts.set(nqlId, before !== undefined && compareCodePoints(before, at) > 0 ? before : at);
    },
    quarantineLiftedAt: async (nqlId) => {
      const at = lifts.get(nqlId);
      return at === undefined ? undefined : new Date(at);
    },
  };
}

function auditTrail(tables: Tables): Pick<ControlStore, 'recordAudit' | 'audit'> {
  return {
    recordAudit: async (e) =>
      void tables.audit.push({
        time: e.time.toISOString(),
        actor: e.actor.name,
        actor_address: e.actor.address ?? null,
        action: e.action,
        target: e.target,
        outcome: e.outcome,
      }),
    audit: async ({ offset, limit }) => {
      // Reversed, then a stable sort: entries of the same time stay newest recorded first.
      const newest = [...tables.audit].reverse().sort((a, b) => compareCodePoints(b.time, a.time));
      return { entries: page(newest, limit, offset).map(toAuditEntry), total: tables.audit.length };
    },
  };
}

function liveRuns({ live }: Tables): Pick<ControlStore, 'reportLive' | 'liveRuns' | 'endLive' | 'requestCancel'> {
  const oldestFirst = (a: LiveText, b: LiveText): number =>
    compareCodePoints(a.started_at, b.started_at) || compareCodePoints(a.run_id, b.run_id);
  return {
    reportLive: async (r) => {
      const before = live.get(r.runId);
      live.set(r.runId, {
        ...toLiveTextRow(r),
        // A cancel request already stored is kept.
        cancel_by: before?.cancel_by ?? null,
        cancel_at: before?.cancel_at ?? null,
      });
    },
    liveRuns: async () => [...live.values()].sort(oldestFirst).map(toLiveRun),
    endLive: async (runId) => void live.delete(runId),
    requestCancel: async (runId, by, time) => {
      const at = time.toISOString();
      const row = live.get(runId);
      if (!row) return false;
      // A second request keeps the first one's actor and time, and is accepted all the same.
      row.cancel_by ??= by;
      row.cancel_at ??= at;
      return true;
    },
  };
}

function runLogs(tables: Tables): Pick<ControlStore, 'appendRunLog' | 'runLog' | 'pruneBefore'> {
  const { lines, live } = tables;
  return {
    appendRunLog: async (runId, added) => {
      // Every line converted before any is kept: a bad time keeps none, as the SQLite transaction does.
      const rows = added.map((l): LineText => ({ time: l.time.toISOString(), level: l.level, message: l.message }));
      if (!rows.length) return;
      const kept = lines.get(runId) ?? [];
      for (const row of rows) kept.push(row);
      lines.set(runId, kept);
    },
    runLog: async (runId, limit) =>
      page(lines.get(runId) ?? [], limit).map((r) => ({ time: new Date(r.time), level: r.level, message: r.message })),
    pruneBefore: async (time) => {
      const before = time.toISOString();
      const kept = (at: string): boolean => compareCodePoints(at, before) >= 0;
      tables.audit = tables.audit.filter((row) => kept(row.time));
      for (const [runId, rows] of lines) {
        const left = rows.filter((row) => kept(row.time));
        if (left.length) lines.set(runId, left);
        else lines.delete(runId);
      }
      for (const [runId, row] of live) if (!kept(row.updated_at)) live.delete(runId);
    },
  };
}

/**
 * The control store without SQLite, for a host whose state lives in memory only (the kit's test host on
 * a Node.js without it). It keeps the SQLite store's rows and reads them back through the same
 * conversions, so its answers are that store's: their order, the keys left out, times that compare as
 * their ISO text, and every answer a fresh copy.
 */
export function memoryControlStore(): ControlStore {
  const tables: Tables = {
    held: new Map(),
    pauses: new Map(),
    lifts: new Map(),
    audit: [],
    live: new Map(),
    lines: new Map(),
  };
  return { ...holds(tables), ...schedules(tables), ...auditTrail(tables), ...liveRuns(tables), ...runLogs(tables) };
}
