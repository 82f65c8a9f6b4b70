import type { MetricFamily } from 'parse-prometheus-text-format';
import type { ConnectorStatus, HeldRunView, RunResult } from 'tributary-kit';
import type { RunMetrics } from '../run-metrics.js';

export type Labels = Readonly<Record<string, string>>;

/** The sample's clock: every time below is relative to it. */
export const NOW = new Date('2025-06-02T12:00:00.000Z');

const at = (secondsFromNow: number) => new Date(NOW.getTime() + secondsFromNow * 1000).toISOString();

/** A connector's status as `operations.connectors()` gives it: on time, not paused, not in quarantine. */
export function connectorStatus(nqlId: string, more: Partial<ConnectorStatus> = {}): ConnectorStatus {
  return { nqlId, name: nqlId, connector: 'Synthetic', running: false, health: 'on-time', ...more };
}

/** A held run of `nqlId`, waiting unless `more` has a decision. */
export function heldRun(nqlId: string, runId: string, more: Partial<HeldRunView> = {}): HeldRunView {
  return {
    runId,
    nqlId,
    host: 'host-a',
    heldAt: at(-600),
    deadline: at(3000),
    reasons: ['it would clear 120 values (more than 50)'],
    counts: { receivedRows: 200, processedRows: 200, leavers: 0, clearedValues: 120 },
    ...more,
  };
}

/** A finished run of `nqlId`, as the execution listener hands it to the metrics. */
export function runResult(nqlId: string, more: Partial<RunResult> = {}): RunResult {
  return {
    runId: `${nqlId}-1`,
    nqlId,
    name: nqlId,
    connector: 'Synthetic',
    credentials: 'Fake',
    credentialsId: 'fake',
    identifierKind: 'upn',
    startedAt: new Date(NOW.getTime() - 120_000),
    dryRun: false,
    status: 'success',
    endedAt: new Date(NOW.getTime() - 60_000),
    durationMs: 60_000,
    description: 'done',
    receivedRows: 25,
    processedRows: 20,
    importedRows: 18,
    apiCalls: 3,
    ...more,
  };
}

/**
 * One scrape with a value for every metric: a run observed, a scheduled connector that succeeded, a
 * late and paused one, one in quarantine with held runs.
 */
export function sampleScrape(metrics: RunMetrics): Promise<string> {
  metrics.observe(runResult('hr_users'));
  metrics.observe(runResult('crm_users', { status: 'failure', importedRows: 0 }));
  return metrics.render(
    [
      connectorStatus('hr_users', {
        lastSuccessAt: at(-60),
        schedulerLagSeconds: 2.5,
        nextRunAt: at(3600),
        running: true,
      }),
      connectorStatus('crm_users', {
        health: 'error',
        quarantine: { since: at(-7200), failures: 4, until: at(1800) },
      }),
      connectorStatus('asset_users', { health: 'late', paused: { by: 'alice', at: at(-300) } }),
    ],
    [
      heldRun('crm_users', 'run-1'),
      heldRun('crm_users', 'run-2'),
      heldRun('crm_users', 'run-3', { decision: { verdict: 'approved', by: 'alice', at: at(-10) } }),
    ],
    NOW,
  );
}

/** The value of the sample with `labels` (among others) in the family `name`; undefined when absent. */
export function value(
  families: readonly MetricFamily[],
  name: string,
  labels: Labels,
  field: 'value' | 'count' | 'sum' = 'value',
): number | undefined {
  const family = families.find((f) => f.name === name);
  const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  const text = sample?.[field];
  return text === undefined ? undefined : Number(text);
}
