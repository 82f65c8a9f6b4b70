import { expect } from 'chai';
import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';
import { CONNECTOR_HEALTHS } from 'tributary-kit';
import { createRunMetrics } from '../run-metrics.js';
import { NOW, connectorStatus, heldRun, sampleScrape, value } from './sample-scrape.js';

const CONTROL_GAUGES = [
  'tributary_connector_health',
  'tributary_connector_paused',
  'tributary_connector_quarantined',
  'tributary_connector_quarantine_failures',
  'tributary_held_runs',
];

/** The connectors with at least one series in the family `name`. */
function connectorsOf(families: readonly MetricFamily[], name: string): string[] {
  const family = families.find((f) => f.name === name);
  return [...new Set(family?.metrics.map((m) => m.labels?.['connector'] ?? ''))].sort();
}

describe('metrics: health, pause, quarantine and held-run gauges', () => {
  it('has one series per health state for each connector, 1 for its current state only', async () => {
    const families = parsePrometheusTextFormat(await sampleScrape(createRunMetrics()));
    const health = families.find((f) => f.name === 'tributary_connector_health');
    expect(health?.type).to.equal('GAUGE');
    const current = { hr_users: 'on-time', crm_users: 'error', asset_users: 'late' };
    for (const [connector, state] of Object.entries(current)) {
      const mine = health!.metrics.filter((m) => m.labels?.['connector'] === connector);
      expect(mine.map((m) => m.labels?.['state']).sort(), connector).to.deep.equal([...CONNECTOR_HEALTHS].sort());
      for (const m of mine)
        expect(Number(m.value), `${connector} ${m.labels?.['state']}`).to.equal(m.labels?.['state'] === state ? 1 : 0);
    }
  });

  it('reports pauses, quarantines with their failures, and only the held runs still waiting', async () => {
    const families = parsePrometheusTextFormat(await sampleScrape(createRunMetrics()));
    const of = (name: string, connector: string) => value(families, name, { connector });
    expect(['hr_users', 'crm_users', 'asset_users'].map((c) => of('tributary_connector_paused', c))).to.deep.equal([
      0, 0, 1,
    ]);
    expect(['hr_users', 'crm_users', 'asset_users'].map((c) => of('tributary_connector_quarantined', c))).to.deep.equal(
      [0, 1, 0],
    );
    expect(of('tributary_connector_quarantine_failures', 'crm_users')).to.equal(4);
    expect(connectorsOf(families, 'tributary_connector_quarantine_failures')).to.deep.equal(['crm_users']);
    // run-3 of crm_users was approved: it no longer waits.
    expect(['hr_users', 'crm_users', 'asset_users'].map((c) => of('tributary_held_runs', c))).to.deep.equal([0, 2, 0]);
  });

  it('drops every gauge series of a connector that left the config, and keeps its waiting held runs', async () => {
    const metrics = createRunMetrics();
    await sampleScrape(metrics);
    const text = await metrics.render(
      [connectorStatus('hr_users', { lastSuccessAt: NOW.toISOString(), health: 'late' })],
      [heldRun('crm_users', 'run-1')],
      NOW,
    );
    const families = parsePrometheusTextFormat(text);
    for (const name of CONTROL_GAUGES.filter((n) => n !== 'tributary_held_runs')) {
      expect(connectorsOf(families, name), name).to.deep.equal(name.endsWith('_failures') ? [] : ['hr_users']);
    }
    for (const name of ['tributary_scheduler_lag_seconds', 'tributary_next_run_timestamp_seconds']) {
      expect(connectorsOf(families, name), name).to.deep.equal([]);
    }
    expect(connectorsOf(families, 'tributary_seconds_since_last_success')).to.deep.equal(['hr_users']);
    expect(value(families, 'tributary_connector_health', { connector: 'hr_users', state: 'late' })).to.equal(1);
    expect(value(families, 'tributary_connector_health', { connector: 'hr_users', state: 'on-time' })).to.equal(0);
    // A held run still waits for a decision after its connector left: it is counted until decided.
    expect(value(families, 'tributary_held_runs', { connector: 'crm_users' })).to.equal(1);
    expect(value(families, 'tributary_held_runs', { connector: 'hr_users' })).to.equal(0);
    expect(value(families, 'tributary_connector_running', { connector: 'asset_users' })).to.equal(undefined);
  });
});
