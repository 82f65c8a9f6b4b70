import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  CancelledError,
  describeError,
  ProblemLog,
  type ConnectorConfig,
  type RunDraft,
  type RunInfo,
  type RunObserver,
} from '../../core/index.js';
import { createConnectorContext } from './connector-context.js';
import type { RunOptions } from './run-options.js';
import type { RunServices } from './run-services.js';
import type { RunState } from './run-state.js';
import { runLogBook } from './run-log-book.js';
import { RunTally } from './run-tally.js';
import { openSyncTracking } from './sync-tracking.js';

/** An abort controller that follows the caller's signal and, in a cluster, the lease's (aborted when it cannot be renewed). */
function followSignals(options: RunOptions): { abort: AbortController; release: () => void } {
  const abort = new AbortController();
  const signals = [options.signal, options.lease?.signal].filter((s): s is AbortSignal => s !== undefined);
  const onAbort = (event?: Event): void =>
    abort.abort(
      (event?.target as AbortSignal | undefined)?.reason ??
        signals.find((s) => s.aborted)?.reason ??
        new CancelledError(),
    );
  if (signals.some((s) => s.aborted)) onAbort();
  else for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
  return { abort, release: () => signals.forEach((s) => s.removeEventListener('abort', onAbort)) };
}

function runInfo(
  services: RunServices,
  connector: ConnectorConfig,
  options: RunOptions,
  displayName: string,
): RunInfo & { startedAt: Date } {
  return {
    runId: options.lease?.runId ?? randomUUID(),
    nqlId: connector.nqlId,
    name: connector.name,
    connector: displayName,
    credentials: connector.credentials ? services.credentialName(connector.credentials) : '',
    credentialsId: connector.credentials ?? '',
    identifierKind: connector.mapping.identifier,
    startedAt: new Date(),
    dryRun: options.dryRun ?? false,
    host: options.lease?.host ?? hostname(),
    scheduledFor: options.lease?.scheduledFor ?? options.scheduledFor,
    targets: connector.mapping.fields.map((f) => f.target),
    allowShrink: options.allowShrink === true || connector.allowShrink === true,
  };
}

function emptyDraft(problems: ProblemLog, tally: RunTally): RunDraft & { error?: unknown } {
  return {
    status: 'success',
    problems,
    receivedRows: 0,
    processedRows: 0,
    importedRows: 0,
    apiCalls: 0,
    rejectedByMapping: 0,
    get fieldValues() {
      return tally.fieldValues;
    },
  };
}

/**
 * Opens one run: its id and info, its signal, its scope and the execution listeners started in it,
 * and the connector's context (with its credential). A listener that cannot start does not throw here:
 * the run then fails before it reads ({@link RunState.listenerError}).
 */
export async function openRun(
  services: RunServices,
  connector: ConnectorConfig,
  options: RunOptions,
): Promise<RunState> {
  const { abort, release } = followSignals(options);
  const template = services.template(connector);
  const base = runInfo(services, connector, options, template.displayName);
  const log = runLogBook(services.logger, services.redact);
  const logger = log.logger;
  let syncError: unknown;
  const sync = await openSyncTracking(services.syncState(), connector, base.runId, options).catch((error: unknown) => {
    syncError = error;
    return { read: undefined, tracking: undefined };
  });
  const info = sync.read ? { ...base, sync: sync.read } : base;
  const problems = new ProblemLog();
  const tally = new RunTally(info.targets ?? []);
  const scope = services.openScope({ run: info, signal: abort.signal, logger });
  const observers: RunObserver[] = [];
  let listenerError: unknown;
  const stop = { requested: false };
  try {
    for (const listener of scope.listeners()) {
      observers.push(await listener.start(info, { stopReading: () => void (stop.requested = true) }));
    }
  } catch (error) {
    // A listener that did not start cannot log the run: say so where the operator looks too.
    listenerError = error;
    logger.error(
      `${connector.nqlId}: an execution listener could not start, the run fails: ${services.redact(describeError(error))}`,
    );
  }
  const { context, state } = createConnectorContext(services, connector, abort.signal, logger, sync.read);
  const draft = emptyDraft(problems, tally);
  const run: RunState = {
    services,
    connector,
    options,
    template,
    info,
    signal: abort.signal,
    problems,
    tally,
    draft,
    scope,
    observers,
    listenerError,
    syncError,
    sync: sync.tracking,
    context,
    state,
    get stopReading() {
      return stop.requested;
    },
    sink: undefined,
    sinkRun: undefined,
    mapping: undefined,
    leavers: 0,
    changes: 0,
    log,
    phase: 'reading',
    reportNow: async () => undefined,
    abort: (reason) => abort.abort(reason),
    progress: () => ({
      nqlId: connector.nqlId,
      receivedRows: draft.receivedRows,
      processedRows: draft.processedRows,
      expectedRows: state.expectedRows,
      elapsedMs: Date.now() - info.startedAt.getTime(),
    }),
    close: async () => {
      release();
      await run.mapping?.close();
    },
  };
  return run;
}
