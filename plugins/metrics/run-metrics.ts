import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ConnectorStatus, HeldRunView, RunResult } from 'tributary-kit';
import { controlGauges } from './control-gauges.js';

/** Run durations from a tenth of a second to an hour and a half. */
const DURATION_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 5400];

export interface RunMetrics {
  readonly contentType: string;
  /** Counts one finished run (called for every execution-log entry). */
  observe(result: RunResult): void;
  /** The exposition text, with the per-connector gauges taken from `connectors` and `heldRuns` now. */
  render(connectors: readonly ConnectorStatus[], heldRuns: readonly HeldRunView[], now: Date): Promise<string>;
}

/** The Prometheus metrics of one host: counters fed by runs as they end, gauges read at scrape time. */
export function createRunMetrics(): RunMetrics {
  const registry = new Registry();
  const registers = [registry];
  const labelNames = ['connector'] as const;
  const counter = (name: string, help: string) => new Counter({ name, help, labelNames, registers });
  const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames, registers });
  const histogram = (name: string, help: string) =>
    new Histogram({ name, help, labelNames, buckets: DURATION_BUCKETS, registers });
  const runs = new Counter({
    name: 'tributary_runs_total',
    help: 'Finished runs (execution-log entries), by connector NQL ID and status',
    labelNames: ['connector', 'status'],
    registers,
  });
  const received = counter(
    'tributary_rows_received_total',
    'Rows received from the source (details.number_of_received_rows)',
  );
  const processed = counter(
    'tributary_rows_processed_total',
    'Rows that passed the limits and the mapping (details.number_of_processed_rows)',
  );
  const imported = counter(
    'tributary_rows_imported_total',
    'Rows the sink confirmed (details.number_of_imported_rows)',
  );
  const apiCalls = counter(
    'tributary_api_calls_total',
    'Requests made to the source API, retries included (details.api_calls)',
  );
  const duration = histogram('tributary_run_duration_seconds', 'Run duration (details.duration_ms)');
  const sinceSuccess = gauge(
    'tributary_seconds_since_last_success',
    'Seconds since the newest success entry of the connector in the execution log (absent: never succeeded)',
  );
  const lag = gauge(
    'tributary_scheduler_lag_seconds',
    'How late the newest scheduled run of the connector started after its due time',
  );
  const running = gauge(
    'tributary_connector_running',
    '1 while a run of the connector is in progress or waiting for a slot',
  );
  const nextRun = gauge('tributary_next_run_timestamp_seconds', "Unix time of the connector's next scheduled run");
  const setControls = controlGauges(registers);

  return {
    contentType: registry.contentType,
    observe(result) {
      const connector = result.nqlId;
      runs.inc({ connector, status: result.status });
      received.inc({ connector }, result.receivedRows);
      processed.inc({ connector }, result.processedRows);
      imported.inc({ connector }, result.importedRows);
      apiCalls.inc({ connector }, result.apiCalls);
      duration.observe({ connector }, result.durationMs / 1000);
    },
    async render(connectors, heldRuns, now) {
      for (const gauge of [sinceSuccess, lag, running, nextRun]) gauge.reset();
      for (const c of connectors) {
        const connector = c.nqlId;
        running.set({ connector }, c.running ? 1 : 0);
        if (c.lastSuccessAt)
          sinceSuccess.set({ connector }, Math.max(0, (now.getTime() - Date.parse(c.lastSuccessAt)) / 1000));
        if (c.schedulerLagSeconds !== undefined) lag.set({ connector }, c.schedulerLagSeconds);
        if (c.nextRunAt) nextRun.set({ connector }, Date.parse(c.nextRunAt) / 1000);
      }
      setControls(connectors, heldRuns);
      return registry.metrics();
    },
  };
}
