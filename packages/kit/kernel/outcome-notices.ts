import {
  DEFAULT_QUARANTINE,
  messageOf,
  quarantineOf,
  type Logger,
  type Notification,
  type NotificationKind,
  type QuarantineConfig,
  type RunOutcome,
  type RunResult,
} from '../core/index.js';

/** What the notices of a run's end are judged on. */
export interface OutcomeFacts {
  /** The connector's newest runs, newest first (this one among them or not). */
  recent(): Promise<RunOutcome[]>;
  /** When an operator last lifted its quarantine. */
  liftedAt(): Promise<Date | undefined>;
  readonly quarantine: QuarantineConfig | undefined;
  /** `server.publicUrl`, for the link to the run's page. */
  readonly publicUrl: string | undefined;
  readonly logger: Logger;
}

/** Runs looked at: enough to count the failures of the longest back-off in a row. */
const RECENT_RUNS = 50;

/**
 * The notices a run's end gives: `failure` when it failed, and `quarantine` when that failure is the
 * one that puts the connector in quarantine; `recovery` when it committed after a failure. A dry run
 * gives none. Never throws: what cannot be judged is a warning in the host's log.
 */
export async function outcomeNotices(result: RunResult, facts: OutcomeFacts): Promise<Notification[]> {
  if (result.dryRun) return [];
  try {
    const earlier = (await facts.recent()).slice(0, RECENT_RUNS).filter((r) => r.endedAt < result.endedAt);
    const runs: RunOutcome[] = [{ status: result.status, endedAt: result.endedAt }, ...earlier];
    const notice = (kind: NotificationKind, title: string, text = result.description): Notification =>
      runNotice(result, kind, title, text, facts.publicUrl);
    if (result.status !== 'failure')
      return earlier[0]?.status === 'failure' ? [notice('recovery', `${label(result)} recovered`)] : [];
    const notices = [notice('failure', `${label(result)} failed`)];
    const afterFailures = facts.quarantine?.afterFailures ?? DEFAULT_QUARANTINE.afterFailures;
    const quarantine = quarantineOf(facts.quarantine, runs, await facts.liftedAt());
    if (quarantine && quarantine.failures === afterFailures)
      notices.push(
        notice(
          'quarantine',
          `${label(result)} is quarantined`,
          `${quarantine.failures} failures in a row: its scheduled runs wait until ${quarantine.until.toISOString()} (resume it to lift this). Last failure: ${result.description}`,
        ),
      );
    return notices;
  } catch (error) {
    facts.logger.warn(`${result.nqlId}: could not judge the run's notifications: ${messageOf(error)}`);
    return [];
  }
}

const label = (result: RunResult): string => `${result.name} (${result.nqlId})`;

function runNotice(
  result: RunResult,
  kind: NotificationKind,
  title: string,
  text: string,
  publicUrl: string | undefined,
): Notification {
  return {
    kind,
    nqlId: result.nqlId,
    name: result.name,
    runId: result.runId,
    time: result.endedAt,
    title,
    text,
    run: {
      status: result.status,
      receivedRows: result.receivedRows,
      processedRows: result.processedRows,
      importedRows: result.importedRows,
    },
    ...(publicUrl ? { link: runLink(publicUrl, result.runId) } : {}),
  };
}

/** The run's page in the console. */
export function runLink(publicUrl: string, runId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/console/runs/${encodeURIComponent(runId)}`;
}
