import {
  describeActor,
  type ActionOutcome,
  type Actor,
  type AuditAction,
  type ControlStore,
  type HeldRun,
  type LiveRun,
  type LiveRunView,
  type HeldRunView,
  type Operations,
} from 'tributary-kit';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';
import type { OperationsSource } from './operations-source.js';

/** A live report older than this is a host that died with its run (runs report every few seconds). */
const STALE_LIVE_MS = 10 * 60_000;

/** Lines of a run's log the API gives at most. */
const RUN_LOG_LIMIT = 1_000;

type ControlOperations = Pick<
  Operations,
  'heldRuns' | 'decide' | 'pause' | 'resume' | 'cancel' | 'liveRuns' | 'runLog' | 'audit'
>;

const unavailable: ActionOutcome = {
  done: false,
  reason: 'unavailable',
  message: 'No loaded plugin keeps held runs, pauses and live runs (the execution-log plugin is missing)',
};

/**
 * Records an operator action in the audit trail (every host sees it) and in the host's log, as
 * `Audit: <who> (<address>) <action> <target>: <outcome>`. A store that fails is an error in the log;
 * the action stands.
 */
export async function audit(host: Host, actor: Actor, action: AuditAction, target: string, outcome: string) {
  host.logger.info(`Audit: ${describeActor(actor)} ${action} ${target}: ${outcome}`);
  await host
    .controlStore()
    ?.recordAudit({ time: new Date(), actor, action, target, outcome })
    .catch((error: unknown) => host.logger.error(`Audit: could not record ${action} ${target}: ${String(error)}`));
}

/** What an action did, audited. */
async function audited(host: Host, actor: Actor, action: AuditAction, target: string, outcome: ActionOutcome) {
  await audit(host, actor, action, target, outcome.done ? 'done' : `refused: ${outcome.message}`);
  return outcome;
}

type WithStore = <T>(fallback: T, use: (store: ControlStore, host: Host) => Promise<T>) => Promise<T>;

/** Held runs, pauses, cancels, live runs, run logs and the audit trail, over the serving host's control store. */
export function controlOperations(source: OperationsSource): ControlOperations {
  const withStore: WithStore = async (fallback, use) => {
    const host = source.current();
    const store = host.controlStore();
    return store ? use(store, host) : fallback;
  };
  return { ...holdOperations(withStore), ...scheduleOperations(withStore), ...runOperations(withStore) };
}

function holdOperations(withStore: WithStore): Pick<ControlOperations, 'heldRuns' | 'decide'> {
  return {
    // A held run past its deadline is rejected (by its host, or, when that host is gone, by nobody: it is stale).
    heldRuns: () =>
      withStore([], async (store) => {
        const now = new Date();
        return (await store.heldRuns()).filter((r) => r.deadline > now).map(heldRunView);
      }),
    decide: (runId, verdict, actor) =>
      withStore(unavailable, async (store, host) => {
        const now = new Date();
        // Past its deadline a held run is rejected, whether or not its host has noticed yet.
        const late = (await store.heldRun(runId))?.deadline;
        const decision = late && late <= now ? { verdict: 'rejected' as const, by: 'timeout', at: now } : undefined;
        const { outcome, run } = await store.decide(
          runId,
          decision ?? { verdict, by: actor.name, ...addressOf(actor), at: now },
        );
        const action = verdict === 'approved' ? 'approve' : 'reject';
        if (decision && outcome === 'decided')
          return audited(host, actor, action, runId, {
            done: false,
            reason: 'already',
            message: `Run ${runId} passed its deadline (${late!.toISOString()}): it is rejected`,
          });
        if (outcome === 'decided')
          return audited(host, actor, action, runId, {
            done: true,
            message: `Run ${runId} ${verdict}: its host ${verdict === 'approved' ? 'commits it' : 'fails it'} within seconds`,
          });
        if (outcome === 'already')
          return audited(host, actor, action, runId, {
            done: false,
            reason: 'already',
            message: `Run ${runId} was ${run?.decision?.verdict ?? 'decided'} already by ${run?.decision?.by ?? 'someone'}`,
          });
        return audited(host, actor, action, runId, { done: false, reason: 'unknown', message: `No held run ${runId}` });
      }),
  };
}

function scheduleOperations(withStore: WithStore): Pick<ControlOperations, 'pause' | 'resume'> {
  return {
    pause: (nqlId, actor) =>
      withStore(unavailable, async (store, host) => {
        if (!known(host, nqlId)) return audited(host, actor, 'pause', nqlId, unknownConnector(nqlId));
        const already = (await store.pauses()).find((p) => p.nqlId === nqlId);
        if (already)
          return audited(host, actor, 'pause', nqlId, {
            done: false,
            reason: 'already',
            message: `${nqlId} is paused already (by ${already.by})`,
          });
        await store.pause({ nqlId, by: actor.name, at: new Date() });
        return audited(host, actor, 'pause', nqlId, {
          done: true,
          message: `${nqlId} paused: its scheduled runs do not start until it is resumed`,
        });
      }),
    resume: (nqlId, actor) =>
      withStore(unavailable, async (store, host) => {
        if (!known(host, nqlId)) return audited(host, actor, 'resume', nqlId, unknownConnector(nqlId));
        const { quarantine } = await host.control(nqlId);
        const wasPaused = await store.unpause(nqlId);
        if (quarantine) await store.liftQuarantine(nqlId, new Date());
        if (!wasPaused && !quarantine)
          return audited(host, actor, 'resume', nqlId, {
            done: false,
            reason: 'already',
            message: `${nqlId} is neither paused nor quarantined`,
          });
        const what = [wasPaused && 'resumed', quarantine && 'out of quarantine'].filter(Boolean).join(' and ');
        return audited(host, actor, 'resume', nqlId, {
          done: true,
          message: `${nqlId} ${what}: its next scheduled run starts as due`,
        });
      }),
  };
}

function runOperations(withStore: WithStore): Pick<ControlOperations, 'cancel' | 'liveRuns' | 'runLog' | 'audit'> {
  return {
    cancel: (runId, actor) =>
      withStore(unavailable, async (store, host) => {
        const asked = await store.requestCancel(runId, actor.name, new Date());
        return audited(
          host,
          actor,
          'cancel',
          runId,
          asked
            ? { done: true, message: `Run ${runId}: cancel requested; its host stops it within seconds` }
            : { done: false, reason: 'unknown', message: `No run ${runId} in progress` },
        );
      }),
    liveRuns: () =>
      withStore([], async (store) => {
        const now = new Date();
        // A report not renewed for this long is a host that died with its run: not listed.
        const fresh = (r: LiveRun): boolean => now.getTime() - r.updatedAt.getTime() < STALE_LIVE_MS;
        return (await store.liveRuns()).filter(fresh).map((r) => liveRunView(r, now));
      }),
    runLog: (runId) =>
      withStore([], async (store) =>
        (await store.runLog(runId, RUN_LOG_LIMIT)).map((l) => ({
          time: l.time.toISOString(),
          level: l.level,
          message: l.message,
        })),
      ),
    audit: (page) =>
      withStore({ entries: [], total: 0 }, async (store) => {
        const { entries, total } = await store.audit({
          offset: Math.max(0, Math.floor(page.offset) || 0),
          limit: Math.min(500, Math.max(1, Math.floor(page.limit) || 50)),
        });
        return {
          total,
          entries: entries.map((e) => ({
            time: e.time.toISOString(),
            actor: e.actor.name,
            ...addressOf(e.actor),
            action: e.action,
            target: e.target,
            outcome: e.outcome,
          })),
        };
      }),
  };
}

const addressOf = (actor: Actor): { address?: string } => (actor.address ? { address: actor.address } : {});
const known = (host: Host, nqlId: string): boolean => host.config.connectors.some((c) => c.nqlId === nqlId);
const unknownConnector = (nqlId: string): ActionOutcome => ({
  done: false,
  reason: 'unknown',
  message: `No connector with nqlId "${nqlId}"`,
});

function heldRunView(run: HeldRun): HeldRunView {
  const { decision } = run;
  return {
    runId: run.runId,
    nqlId: run.nqlId,
    host: run.host,
    heldAt: run.heldAt.toISOString(),
    deadline: run.deadline.toISOString(),
    reasons: run.reasons,
    counts: run.counts,
    ...(decision ? { decision: { verdict: decision.verdict, by: decision.by, at: decision.at.toISOString() } } : {}),
  };
}

/** Rows per second since the start; the ETA at that rate, when the source announced its rows. */
export function liveRunView(run: LiveRun, now: Date): LiveRunView {
  const seconds = Math.max(0.001, (now.getTime() - run.startedAt.getTime()) / 1000);
  const rowsPerSecond = run.receivedRows / seconds;
  const left = run.expectedRows !== undefined ? Math.max(0, run.expectedRows - run.receivedRows) : undefined;
  const { cancelRequested } = run;
  return {
    runId: run.runId,
    nqlId: run.nqlId,
    host: run.host,
    startedAt: run.startedAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
    phase: run.phase,
    receivedRows: run.receivedRows,
    processedRows: run.processedRows,
    ...(run.expectedRows !== undefined ? { expectedRows: run.expectedRows } : {}),
    rowsPerSecond: Math.round(rowsPerSecond * 10) / 10,
    ...(left !== undefined && rowsPerSecond > 0 ? { etaSeconds: Math.round(left / rowsPerSecond) } : {}),
    ...(cancelRequested ? { cancelRequested: { by: cancelRequested.by, at: cancelRequested.at.toISOString() } } : {}),
  };
}
