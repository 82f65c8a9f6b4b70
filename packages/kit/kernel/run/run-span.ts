import {
  describeError,
  type ConnectorConfig,
  type RunResult,
  type SpanAttributes,
  type TraceSpan,
} from '../../core/index.js';
import type { RunOptions } from './run-options.js';
import type { RunState } from './run-state.js';

/** The run span's attributes known before it opens. */
export function runSpanAttributes(connector: ConnectorConfig, options: RunOptions): SpanAttributes {
  return {
    'tributary.nql_id': connector.nqlId,
    'tributary.connector': connector.connector,
    'tributary.sink': connector.sink,
    'tributary.dry_run': options.dryRun === true,
    'tributary.scheduled': options.scheduledFor !== undefined || options.lease?.scheduledFor !== undefined,
  };
}

/** What the run span learns once the run is open: its id and the read it makes. */
export function openedRunAttributes(run: RunState): SpanAttributes {
  return {
    'tributary.run_id': run.info.runId,
    'tributary.host': run.info.host,
    'tributary.sync.read': run.info.sync?.mode,
  };
}

/** A read's figures so far, for its span. */
export function readAttributes(run: RunState): SpanAttributes {
  return {
    'tributary.rows.received': run.draft.receivedRows,
    'tributary.rows.processed': run.draft.processedRows,
    'tributary.rows.expected': run.state.expectedRows,
    'tributary.api_calls': run.state.apiCalls,
  };
}

/** The run's outcome on its span: status and counts; a failed run's span fails with the failure's sentence. */
export function recordRunOutcome(span: TraceSpan, run: RunState, result: RunResult): void {
  span.setAttributes({
    'tributary.status': result.status,
    'tributary.rows.received': result.receivedRows,
    'tributary.rows.processed': result.processedRows,
    'tributary.rows.imported': result.importedRows,
    'tributary.api_calls': result.apiCalls,
    'tributary.leavers': result.leavers,
    'tributary.changes': result.changes,
    'tributary.duration_ms': result.durationMs,
  });
  if (result.status === 'failure')
    span.setError(run.draft.error === undefined ? result.description : describeError(run.draft.error));
}
