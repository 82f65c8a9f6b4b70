import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ConnectorStatus, RunResult } from '../../core/index.js';

/** Run durations from a tenth of a second to an hour and a half. */
const DURATION_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 5400];

export interface RunMetrics {
  readonly contentType: string;
  /** Counts one finished run (called for every execution-log entry). */
  observe(result: RunResult): void;
  /** The exposition text, with the per-connector gauges taken from `connectors` now. */
  render(connectors: readonly ConnectorStatus[], now: Date): Promise<string>;
}

/** The Prometheus metrics of one host: counters fed by runs as they end, gauges read at scrape time. */
export function createRunMetrics(): RunMetrics {
  const registry = new Registry();
  const registers = [registry];
  const labelNames = ['connector'] as const;
  const runs = new Counter({ name: 'tributary_runs_total', help: 'Finished runs (execution-log entries), by connector NQL ID and status', labelNames: ['connector', 'status'], registers });
  const received = new Counter({ name: 'tributary_rows_received_total', help: 'Rows received from the source (details.number_of_received_rows)', labelNames, registers });
  const processed = new Counter({ name: 'tributary_rows_processed_total', help: 'Rows that passed the limits and the mapping (details.number_of_processed_rows)', labelNames, registers });
  const imported = new Counter({ name: 'tributary_rows_imported_total', help: 'Rows the sink confirmed (details.number_of_imported_rows)', labelNames, registers });
  const apiCalls = new Counter({ name: 'tributary_api_calls_total', help: 'Requests made to the source API, retries included (details.api_calls)', labelNames, registers });
  const duration = new Histogram({ name: 'tributary_run_duration_seconds', help: 'Run duration (details.duration_ms)', labelNames, buckets: DURATION_BUCKETS, registers });
  const sinceSuccess = new Gauge({ name: 'tributary_seconds_since_last_success', help: 'Seconds since the newest success entry of the connector in the execution log (absent: never succeeded)', labelNames, registers });
  const lag = new Gauge({ name: 'tributary_scheduler_lag_seconds', help: 'How late the newest scheduled run of the connector started after its due time', labelNames, registers });
  const running = new Gauge({ name: 'tributary_connector_running', help: '1 while a run of the connector is in progress or waiting for a slot', labelNames, registers });
  const nextRun = new Gauge({ name: 'tributary_next_run_timestamp_seconds', help: 'Unix time of the connector\'s next scheduled run', labelNames, registers });

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
    async render(connectors, now) {
      for (const gauge of [sinceSuccess, lag, running, nextRun]) gauge.reset();
      for (const c of connectors) {
        const connector = c.nqlId;
        running.set({ connector }, c.running ? 1 : 0);
        if (c.lastSuccessAt) sinceSuccess.set({ connector }, Math.max(0, (now.getTime() - Date.parse(c.lastSuccessAt)) / 1000));
        if (c.schedulerLagSeconds !== undefined) lag.set({ connector }, c.schedulerLagSeconds);
        if (c.nextRunAt) nextRun.set({ connector }, Date.parse(c.nextRunAt) / 1000);
      }
      return registry.metrics();
    },
  };
}
