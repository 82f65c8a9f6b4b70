import { traceSpan, type ConnectorConfig, type RunResult, type TraceSpan } from '../../core/index.js';
import { commitWithGuards } from './commit-with-guards.js';
import { failRun } from './fail-run.js';
import { openRun } from './open-run.js';
import { readBatches } from './read-batches.js';
import type { RunOptions } from './run-options.js';
import { runResult } from './run-result.js';
import { openedRunAttributes, readAttributes, recordRunOutcome, runSpanAttributes } from './run-span.js';
import { changeReadHasGap } from './settle-sync.js';
import type { RunServices } from './run-services.js';
import type { RunState } from './run-state.js';
import { startRun } from './start-run.js';
import { watchRun } from './run-watch.js';

/**
 * One execution of a connector: opened (listeners, context), started (mapping plan, sink), read batch
 * by batch (identification → listeners → fields → tally → sink, see read-batches.ts), read again in
 * full when a change read cannot account for every source row (settle-sync.ts), committed after the
 * guards, or failed; then its result. Always resolves with a result, whatever happened (a
 * connector template or credential that cannot be resolved excepted); listeners record it.
 * With tracing configured, the run is a trace: its span (`run`) and a child span per stage (`open`,
 * `start`, `read`, `commit`), in whose context the connector's own spans and HTTP requests nest.
 */
export async function runConnector(
  services: RunServices,
  connector: ConnectorConfig,
  options: RunOptions = {},
): Promise<RunResult> {
  const tracer = services.tracer;
  if (!tracer) return runStages(services, connector, options, undefined);
  return tracer.root('run', runSpanAttributes(connector, options), (span) =>
    runStages(services, connector, options, span),
  );
}

async function runStages(
  services: RunServices,
  connector: ConnectorConfig,
  options: RunOptions,
  span: TraceSpan | undefined,
): Promise<RunResult> {
  const run = await traceSpan('open', {}, () => openRun(services, connector, options));
  span?.setAttributes(openedRunAttributes(run));
  const watch = watchRun(run);
  try {
    await traceSpan('start', {}, () => startRun(run));
    await tracedRead(run, 'first');
    if (await changeReadHasGap(run)) await tracedRead(run, 'coverage gap');
    await traceSpan('commit', {}, () => commitWithGuards(run));
  } catch (error) {
    await failRun(run, error);
  } finally {
    await run.close();
  }
  const result = await runResult(run);
  await watch.stop(result);
  if (span) recordRunOutcome(span, run, result);
  return result;
}

/** The read loop in its span, which ends with the read's figures. */
function tracedRead(run: RunState, why: 'first' | 'coverage gap'): Promise<void> {
  return traceSpan('read', { 'tributary.read.reason': why }, async (span) => {
    try {
      await readBatches(run);
    } finally {
      span.setAttributes(readAttributes(run));
    }
  });
}
