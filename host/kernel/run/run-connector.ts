import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  CancelledError,
  compileMapping,
  ConfigProblemsError,
  DEFAULT_LIMITS,
  isTributaryError,
  ProblemLog,
  type ConnectorConfig,
  type RunDraft,
  type RunInfo,
  type RunObserver,
  type RunResult,
  type SinkRecord,
  type SinkRun,
  storableText,
} from '../../../core/index.js';
import { BatchMapper } from '../mapping/batch-mapper.js';
import { checkBeforeCommit } from './check-before-commit.js';
import { createConnectorContext } from './connector-context.js';
import { MutableRowBatch } from './row-batch.js';
import type { RunOptions, RunProgress } from './run-options.js';
import type { RunServices } from './run-services.js';
import { RunTally } from './run-tally.js';

export { EMPTY_IDENTIFIER } from '../mapping/batch-mapper.js';

/** The message an error leaves in the execution log: its own sentence, never a stack or a secret. */
export function describeError(error: unknown): string {
  if (error instanceof ConfigProblemsError) return error.problems.map((p) => p.message).join('; ');
  if (isTributaryError(error)) return error.message;
  return `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * One execution of a connector: source batches → identification → execution listeners (limits) →
 * field mapping → sink, streaming one batch at a time (the sink's write is awaited: backpressure).
 * Always resolves with a result, whatever happened; listeners record it.
 */
export async function runConnector(services: RunServices, connector: ConnectorConfig, options: RunOptions = {}): Promise<RunResult> {
  const startedAt = new Date();
  const abort = new AbortController();
  // The caller's signal, and in a cluster the lease's (aborted when it cannot be renewed).
  const signals = [options.signal, options.lease?.signal].filter((s): s is AbortSignal => s !== undefined);
  const onAbort = (event?: Event): void => abort.abort((event?.target as AbortSignal | undefined)?.reason ?? signals.find((s) => s.aborted)?.reason ?? new CancelledError());
  if (signals.some((s) => s.aborted)) onAbort();
  else for (const s of signals) s.addEventListener('abort', onAbort, { once: true });

  const template = services.template(connector);
  const info: RunInfo = {
    runId: options.lease?.runId ?? randomUUID(),
    nqlId: connector.nqlId,
    name: connector.name,
    connector: template.displayName,
    credentials: connector.credentials ? services.credentialName(connector.credentials) : '',
    credentialsId: connector.credentials ?? '',
    identifierKind: connector.mapping.identifier,
    startedAt,
    dryRun: options.dryRun ?? false,
    host: options.lease?.host ?? hostname(),
    scheduledFor: options.lease?.scheduledFor ?? options.scheduledFor,
    targets: connector.mapping.fields.map((f) => f.target),
    allowShrink: options.allowShrink === true || connector.allowShrink === true,
  };
  const logger = services.logger;
  const problems = new ProblemLog();
  const tally = new RunTally(info.targets ?? []);
  const draft: RunDraft & { error?: unknown } = {
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
  let stopReading = false;
  const scope = services.openScope({ run: info, signal: abort.signal, logger });
  const observers: RunObserver[] = [];
  let scopeError: unknown;
  try {
    for (const listener of scope.listeners()) {
      observers.push(await listener.start(info, { stopReading: () => void (stopReading = true) }));
    }
  } catch (error) {
    // A listener that did not start cannot log the run: say so where the operator looks too.
    scopeError = error;
    logger.error(`${connector.nqlId}: an execution listener could not start, the run fails: ${services.redact(describeError(error))}`);
  }

  const { context, state } = createConnectorContext(services, connector, abort.signal, logger);
  const progress = (): RunProgress => ({
    nqlId: connector.nqlId,
    receivedRows: draft.receivedRows,
    processedRows: draft.processedRows,
    expectedRows: state.expectedRows,
    elapsedMs: Date.now() - startedAt.getTime(),
  });
  let sinkRun: SinkRun | undefined;
  let mapping: BatchMapper | undefined;
  try {
    if (scopeError !== undefined) throw scopeError;
    const mapper = compileMapping(connector.mapping, { limits: { timeoutMs: services.limits.expressionTimeoutMs ?? DEFAULT_LIMITS.expressionTimeoutMs } });
    mapping = new BatchMapper(mapper, connector.mapping, services.limits, abort.signal);
    const sink = options.dryRun ? undefined : services.sink(connector.sink);
    const openSink = async (): Promise<SinkRun | undefined> => sink?.open({ run: info, connector, signal: abort.signal });
    sinkRun = await openSink();
    const batch = new MutableRowBatch(problems);
    const out: SinkRecord[] = [];

    for await (const source of template.read(context)) {
      if (abort.signal.aborted) throw abort.signal.reason;
      if (source.restarted !== undefined) {
        logger.warn(`${connector.nqlId}: reading again from the beginning (${source.restarted}); rows staged so far are discarded`);
        await sinkRun?.abort(`restart: ${source.restarted}`);
        sinkRun = await openSink();
        problems.clear();
        problems.add(`Read restarted from the beginning: ${source.restarted}`, 1, { counted: false });
        draft.receivedRows = draft.processedRows = draft.rejectedByMapping = 0;
        tally.restart();
        for (const o of observers) o.onRestart?.();
      }
      const records = source.records;
      draft.receivedRows += records.length;
      batch.reset(records.length);
      const deadline = mapping.startBatch();
      const errorsBefore = draft.rejectedByMapping;
      await mapping.identify(records, batch, problems, draft, deadline);
      if (abort.signal.aborted) throw abort.signal.reason;
      const identificationErrors = draft.rejectedByMapping - errorsBefore;
      const identified = batch.identified;
      for (const o of observers) o.onRows?.(batch);
      const vetoed = batch.rejected;
      out.length = 0;
      await mapping.fields(records, batch, out, problems, draft, deadline);
      if (abort.signal.aborted) throw abort.signal.reason; // nothing reaches the sink after the signal
      tally.add(records, out, { identificationErrors, identified, vetoed, fieldErrors: draft.rejectedByMapping - errorsBefore - identificationErrors });
      draft.processedRows = tally.processed;
      for (const o of observers) o.onMapped?.(out);
      if (out.length && sinkRun) {
        const pending = sinkRun.write(out.slice());
        if (pending) await pending;
      }
      options.onProgress?.(progress());
      if (stopReading) {
        state.stopRequested = true;
        break;
      }
    }
    // A signal already received but not yet delivered (the last batch never waited for I/O) cancels
    // the run before the commit, not after it.
    await new Promise((resolve) => setImmediate(resolve));
    if (abort.signal.aborted) throw abort.signal.reason;
    const limitReached = state.stopRequested || tally.received >= services.limits.maxRowsPerSync;
    const announced = { rows: state.expectedRows, origin: state.expectedFrom };
    const surplus = checkBeforeCommit(tally, announced, limitReached, connector.mapping, template.displayName);
    if (surplus !== undefined) state.warnings.push(surplus);
    for (const o of observers) await o.beforeCommit?.(draft); // the listeners' guards: a throw refuses the commit
    if (sinkRun) options.onProgress?.({ ...progress(), phase: 'committing' });
    const committed = await sinkRun?.commit();
    sinkRun = undefined;
    draft.importedRows = committed?.importedRows ?? 0;
    for (const warning of committed?.warnings ?? []) problems.add(warning, 1, { counted: false });
    draft.status = tally.received > tally.processed ? 'partial' : 'success';
  } catch (error) {
    draft.status = 'failure';
    (draft as { error?: unknown }).error = error;
    problems.add(services.redact(describeError(error)), 1, { priority: 100, counted: false });
    if (sinkRun) {
      await sinkRun.abort(describeError(error)).catch((e: unknown) => logger.error(`Aborting the sink failed: ${describeError(e)}`));
    }
  } finally {
    for (const s of signals) s.removeEventListener('abort', onAbort);
    await mapping?.close();
  }

  for (const warning of state.warnings) problems.add(warning, 1, { counted: false });
  draft.apiCalls = state.apiCalls;
  if (state.moreAvailable) (draft as { moreAvailable?: boolean }).moreAvailable = true;
  // Rows the row limit left unread still count as received (the limit's message says how many).
  const unread = state.expectedRows !== undefined && state.expectedRows > draft.receivedRows && draft.status !== 'failure';
  if (unread) draft.receivedRows = state.expectedRows!;
  for (const o of observers) o.onFinish?.(draft);

  const endedAt = new Date();
  const result: RunResult = {
    ...info,
    status: draft.status,
    endedAt,
    durationMs: endedAt.getTime() - startedAt.getTime(),
    // Row problems quote data (an `$error(value)` message): every log store must be able to keep them.
    description: storableText(services.redact(problems.format())),
    receivedRows: draft.receivedRows,
    processedRows: draft.processedRows,
    importedRows: draft.importedRows,
    apiCalls: draft.apiCalls,
  };
  for (const o of observers) {
    try {
      await o.onEnd?.(result);
    } catch (error) {
      logger.error(`An execution listener failed to record run ${result.runId}: ${describeError(error)}`);
    }
  }
  await scope.dispose();
  options.onEnd?.(result);
  return result;
}
