/**
 * Where a connector stands against its schedule: `error` when its newest run failed; `late` when a
 * scheduled run was due more than the grace ago and no run has succeeded since; `on-time` otherwise.
 */
export type ConnectorHealth = 'on-time' | 'late' | 'error';

export const CONNECTOR_HEALTHS: readonly ConnectorHealth[] = ['on-time', 'late', 'error'];

/** Minutes after a due time before a connector with no success since counts as late (default). */
export const DEFAULT_LATE_AFTER_MINUTES = 30;

export interface HealthFacts {
  /** Status of the newest run (`success`, `partial`, `failure`); undefined when it never ran. */
  readonly lastStatus?: string;
  readonly lastSuccessAt?: Date;
  /** The schedule's most recent due time before now; undefined when unscheduled or never due yet. */
  readonly previousDue?: Date;
  readonly now: Date;
  readonly lateAfterMinutes?: number;
}

export function connectorHealth(facts: HealthFacts): ConnectorHealth {
  if (facts.lastStatus === 'failure') return 'error';
  const { previousDue, lastSuccessAt, now } = facts;
  if (previousDue === undefined) return 'on-time';
  const graceMs = (facts.lateAfterMinutes ?? DEFAULT_LATE_AFTER_MINUTES) * 60_000;
  if (now.getTime() - previousDue.getTime() <= graceMs) return 'on-time';
  return lastSuccessAt !== undefined && lastSuccessAt >= previousDue ? 'on-time' : 'late';
}
