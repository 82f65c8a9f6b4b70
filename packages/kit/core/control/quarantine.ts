/** `quarantine:`: when a connector that keeps failing is backed off. */
export interface QuarantineConfig {
  /** Consecutive failed runs that put a connector in quarantine (default 3; 0: never). */
  readonly afterFailures?: number;
  /** Minutes each further scheduled run waits after the last failure: the first, the second, … the last repeats (default 60, 360, 1440). */
  readonly backoffMinutes?: readonly number[];
}

export const DEFAULT_QUARANTINE = Object.freeze({ afterFailures: 3, backoffMinutes: Object.freeze([60, 360, 1440]) });

/** A run as quarantine counts it: newest first. */
export interface RunOutcome {
  readonly status: string;
  readonly endedAt: Date;
}

/** A connector in quarantine: its scheduled runs are skipped until `until`; each failed retry backs off further. */
export interface Quarantine {
  /** When the failure that put it in quarantine ended. */
  readonly since: Date;
  /** Consecutive failures counted (after the last lift by hand). */
  readonly failures: number;
  /** The next scheduled run allowed. */
  readonly until: Date;
}

/**
 * The connector's quarantine, from its newest runs (newest first) and the time an operator last lifted
 * it: undefined when the consecutive failures since then are fewer than `afterFailures`. A success
 * ends it; so does lifting it by hand (the failures before do not count any more).
 */
export function quarantineOf(
  config: QuarantineConfig | undefined,
  newestRuns: readonly RunOutcome[],
  liftedAt?: Date,
): Quarantine | undefined {
  const afterFailures = config?.afterFailures ?? DEFAULT_QUARANTINE.afterFailures;
  const backoff = config?.backoffMinutes?.length ? config.backoffMinutes : DEFAULT_QUARANTINE.backoffMinutes;
  if (afterFailures <= 0) return undefined;
  let failures = 0;
  for (const run of newestRuns) {
    if (run.status !== 'failure' || (liftedAt !== undefined && run.endedAt <= liftedAt)) break;
    failures++;
  }
  if (failures < afterFailures) return undefined;
  const last = newestRuns[0] as RunOutcome;
  const since = (newestRuns[failures - afterFailures] as RunOutcome).endedAt;
  const step = Math.min(failures - afterFailures, backoff.length - 1);
  return { since, failures, until: new Date(last.endedAt.getTime() + (backoff[step] as number) * 60_000) };
}
