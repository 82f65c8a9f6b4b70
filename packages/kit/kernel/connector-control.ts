import {
  quarantineOf,
  type ConnectorPause,
  type ControlStore,
  type Quarantine,
  type RunOutcome,
} from '../core/index.js';

/** What operators and failures decided about a connector's schedule. */
export interface ConnectorControl {
  /** An operator paused its schedule. */
  readonly paused?: ConnectorPause;
  /** It failed too often in a row: scheduled runs wait until `until`. */
  readonly quarantine?: Quarantine;
}

/** Runs looked at for the quarantine: enough to count the failures of the longest back-off in a row. */
export const QUARANTINE_LOOKBACK = 50;

/**
 * The connector's pause (from the control store) and quarantine (from its newest runs in the log and
 * the last time an operator lifted it). Without a control store, nothing is paused and no quarantine
 * is ever lifted by hand.
 */
export async function connectorControl(
  nqlId: string,
  store: ControlStore | undefined,
  recent: () => Promise<RunOutcome[]>,
  config: Parameters<typeof quarantineOf>[0],
): Promise<ConnectorControl> {
  const [pauses, liftedAt, runs] = await Promise.all([
    store?.pauses() ?? [],
    store?.quarantineLiftedAt(nqlId),
    recent(),
  ]);
  const paused = pauses.find((p) => p.nqlId === nqlId);
  const quarantine = quarantineOf(config, runs, liftedAt);
  return { ...(paused ? { paused } : {}), ...(quarantine ? { quarantine } : {}) };
}

/** Why a scheduled run of a connector does not start now. */
export interface ScheduledRunRefusal {
  readonly reason: 'paused' | 'quarantined';
  /** The sentence the log shows. */
  readonly message: string;
}

/** Why a scheduled run of the connector does not start now (undefined: it starts). */
export function scheduledRunRefusal(control: ConnectorControl, now: Date): ScheduledRunRefusal | undefined {
  const { paused, quarantine: q } = control;
  if (paused) return { reason: 'paused', message: `paused by ${paused.by} since ${paused.at.toISOString()}` };
  if (q && now < q.until)
    return {
      reason: 'quarantined',
      message: `quarantined after ${q.failures} failures in a row: the next scheduled run waits until ${q.until.toISOString()}`,
    };
  return undefined;
}
