import { ExecutionHistoryService, NQL_TABLE, type ExecutionHistory, type RunOutcome } from '../core/index.js';
import type { ServiceTable } from './plugins/service-table.js';

/** The execution log's queries, when a loaded plugin offers them. */
export function queryableHistory(services: ServiceTable): Required<Pick<ExecutionHistory, 'query'>> | undefined {
  const history = services.resolver().optional(ExecutionHistoryService);
  return history?.query ? (history as Required<Pick<ExecutionHistory, 'query'>>) : undefined;
}

/** The connector's newest runs (dry runs left out), newest first: what quarantine and recovery are judged on. */
export async function recentOutcomes(
  history: Required<Pick<ExecutionHistory, 'query'>>,
  nqlId: string,
  limit: number,
): Promise<RunOutcome[]> {
  // NQL IDs are [a-z0-9_]: safe inside a quoted NQL string.
  const nql = `${NQL_TABLE} | where details.nql_id == "${nqlId}" and details.dry_run == false | sort time desc | limit ${limit}`;
  const page = await history.query(nql, { offset: 0, limit });
  return page.entries.map((e) => ({ status: String(e['status']), endedAt: new Date(String(e['time'])) }));
}
