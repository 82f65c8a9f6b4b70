import {
  CLI_ACTOR,
  NQL_TABLE,
  type RunNowOutcome,
  type ConnectorStatus,
  type LogEntry,
  type Operations,
  type RunsPage,
} from 'tributary-kit';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';
import type { BoundedPool } from './bounded-pool.js';
import type { OperationsSource } from './operations-source.js';
import { connectorOverview, historyOf } from './connector-overview.js';
import { connectorStatuses } from './connector-statuses.js';
import { audit, controlOperations } from './control-operations.js';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;
/** What `details.run_id` holds: a UUID (kept strict, so it can be quoted into NQL as is). */
const RUN_ID = /^[A-Za-z0-9-]{1,64}$/;

/** What the host's own routes use besides {@link Operations}. */
export interface ServerOperations extends Operations {
  /** Every entry an NQL query returns, unpaged (the CSV export). Throws a `config` error for a query that does not parse. */
  allRuns(nql: string | undefined): Promise<RunsPage>;
}

export interface OperationsOptions {
  /** Where every check and preview waits for a slot: one is refused (429) when it is full. */
  readonly checks: BoundedPool;
  /** Aborts when the request is gone: its check leaves the queue, or is cancelled. */
  readonly signal?: AbortSignal;
}

function clamp(value: number | undefined, min: number, max: number, fallback: number): number {
  return value === undefined || !Number.isFinite(value) ? fallback : Math.min(max, Math.max(min, Math.floor(value)));
}

/** {@link Operations} over the serving host and its scheduler, for one request: what the JSON API and every route use. */
export function createOperations(source: OperationsSource, options: OperationsOptions): ServerOperations {
  const { checks, signal } = options;
  const newest = async (host: Host, where: string): Promise<LogEntry | undefined> =>
    (await historyOf(host).query(`${NQL_TABLE} | where ${where} | sort time desc | limit 1`, { offset: 0, limit: 1 }))
      .entries[0];
  const connectors = (): Promise<ConnectorStatus[]> => connectorStatuses(source, newest);
  return {
    connectors,
    ...controlOperations(source),
    overview: async (days) => connectorOverview(source.current(), await connectors(), days),
    async runs({ nql, offset, limit }): Promise<RunsPage> {
      const page = {
        offset: clamp(offset, 0, Number.MAX_SAFE_INTEGER, 0),
        limit: clamp(limit, 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
      };
      return historyOf(source.current()).query(nql, page);
    },
    async allRuns(nql) {
      return historyOf(source.current()).query(nql, { offset: 0, limit: Number.MAX_SAFE_INTEGER });
    },
    async run(runId) {
      return RUN_ID.test(runId) ? newest(source.current(), `details.run_id == "${runId}"`) : undefined;
    },
    async runNow(nqlId, actor = CLI_ACTOR) {
      const control = source.control();
      const outcome: RunNowOutcome = control
        ? await control.runNow(nqlId)
        : { accepted: false, nqlId, reason: 'stopping', message: 'serve has not scheduled its connectors yet' };
      await audit(
        source.current(),
        actor,
        'run-now',
        nqlId,
        outcome.accepted ? 'accepted' : `refused: ${outcome.message}`,
      );
      return outcome;
    },
    async check(nqlId) {
      return checks.run(() => source.current().check(nqlId, { signal }), signal);
    },
    async preview({ user, nqlId }) {
      return checks.run(() => source.current().preview(nqlId, user, { signal }), signal);
    },
    async changes(filter) {
      const page = {
        offset: clamp(filter.offset, 0, Number.MAX_SAFE_INTEGER, 0),
        limit: clamp(filter.limit, 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
      };
      const ledger = source.current().changeLedger();
      return ledger ? ledger.entries({ ...filter, ...page }) : { entries: [], total: 0, ...page };
    },
    async runChanges(runId) {
      return source.current().changeLedger()?.summary(runId);
    },
  };
}
