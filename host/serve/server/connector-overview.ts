import {
  FatalError,
  NQL_TABLE,
  type ConnectorOverview,
  type ConnectorStatus,
  type ExecutionHistory,
  type Overview,
} from 'tributary-kit';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';
import { queryableHistory } from 'tributary-kit/internal/kernel/run-outcomes.js';

const DEFAULT_DAYS = 7;
const MAX_DAYS = 365;

/** The execution log's queries; a `NO_EXECUTION_LOG` error when no loaded plugin offers them. */
export function historyOf(host: Host): Required<Pick<ExecutionHistory, 'query'>> {
  const history = queryableHistory(host.services);
  if (!history)
    throw new FatalError(
      'NO_EXECUTION_LOG',
      'No loaded plugin lets the execution log be queried (the execution-log plugin is missing)',
    );
  return history;
}

/**
 * Every configured connector over the last `days` (1–365, default 7), from the execution log (dry runs
 * left out): runs, successes (`success` and `partial`: they committed), rows processed per day, the
 * age of its newest success (looked for beyond the window too), and its health now.
 */
export async function connectorOverview(
  host: Host,
  statuses: readonly ConnectorStatus[],
  days = DEFAULT_DAYS,
): Promise<Overview> {
  const window = Number.isFinite(days) ? Math.min(MAX_DAYS, Math.max(1, Math.floor(days))) : DEFAULT_DAYS;
  const history = historyOf(host);
  const health = new Map(statuses.map((s) => [s.nqlId, s]));
  const now = Date.now();
  const connectors = await Promise.all(
    host.config.connectors.map(async (c): Promise<ConnectorOverview> => {
      // NQL IDs are [a-z0-9_]: safe inside a quoted NQL string.
      const where = `details.nql_id == "${c.nqlId}" and details.dry_run == false`;
      const page = await history.query(
        `${NQL_TABLE} during past ${window}d | where ${where} | list status, details.number_of_processed_rows`,
        { offset: 0, limit: Number.MAX_SAFE_INTEGER },
      );
      const runs = page.entries.length;
      const successes = page.entries.filter((e) => e['status'] === 'success' || e['status'] === 'partial').length;
      const rows = page.entries.reduce((sum, e) => sum + Number(e['details.number_of_processed_rows'] ?? 0), 0);
      const status = health.get(c.nqlId);
      const lastSuccess = status?.lastSuccessAt ? Date.parse(status.lastSuccessAt) : undefined;
      return {
        nqlId: c.nqlId,
        name: c.name,
        health: status?.health ?? 'on-time',
        runs,
        successes,
        ...(runs > 0 ? { successRate: successes / runs } : {}),
        rowsPerDay: Math.round(rows / window),
        ...(lastSuccess !== undefined
          ? { lastSuccessAgeSeconds: Math.max(0, Math.round((now - lastSuccess) / 1000)) }
          : {}),
      };
    }),
  );
  return { days: window, connectors };
}
