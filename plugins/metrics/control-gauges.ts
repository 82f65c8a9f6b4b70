import { Gauge, type Registry } from 'prom-client';
import { CONNECTOR_HEALTHS, type ConnectorStatus, type HeldRunView } from 'tributary-kit';

/** Sets the gauges of what operators control, from the connectors' statuses and the held runs, now. */
export type ControlGauges = (connectors: readonly ConnectorStatus[], heldRuns: readonly HeldRunView[]) => void;

/**
 * The health, pause, quarantine and held-run gauges. Every scrape sets them again from scratch, so a
 * connector that left the config has none of them.
 */
export function controlGauges(registers: Registry[]): ControlGauges {
  const labelNames = ['connector'] as const;
  const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames, registers });
  const health = new Gauge({
    name: 'tributary_connector_health',
    help: 'The connector against its schedule: 1 for its current state (on-time, late, error), 0 for the others',
    labelNames: ['connector', 'state'],
    registers,
  });
  const paused = gauge('tributary_connector_paused', 'An operator paused its schedule (1) or not (0)');
  const quarantined = gauge(
    'tributary_connector_quarantined',
    'It failed too often in a row: its scheduled runs wait (1) or not (0)',
  );
  const failures = gauge(
    'tributary_connector_quarantine_failures',
    'The consecutive failed runs that keep it in quarantine (absent: not in quarantine)',
  );
  const held = gauge('tributary_held_runs', 'Held runs of the connector waiting for an approval or a rejection');
  const all = [health, paused, quarantined, failures, held];

  return (connectors, heldRuns) => {
    for (const g of all) g.reset();
    const waiting = new Map<string, number>(connectors.map((c) => [c.nqlId, 0]));
    for (const run of heldRuns) if (!run.decision) waiting.set(run.nqlId, (waiting.get(run.nqlId) ?? 0) + 1);
    for (const [connector, count] of waiting) held.set({ connector }, count);
    for (const c of connectors) {
      const connector = c.nqlId;
      for (const state of CONNECTOR_HEALTHS) health.set({ connector, state }, c.health === state ? 1 : 0);
      paused.set({ connector }, c.paused ? 1 : 0);
      quarantined.set({ connector }, c.quarantine ? 1 : 0);
      if (c.quarantine) failures.set({ connector }, c.quarantine.failures);
    }
  };
}
