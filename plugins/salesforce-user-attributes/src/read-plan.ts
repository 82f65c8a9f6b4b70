import type { SalesforceParameters } from './parameters.js';
import { splitQuery, type QuerySplit } from './query-split.js';

/** Up to this many rows a REST read stays sequential: splitting would cost more requests than it saves time. */
export const SEQUENTIAL_UP_TO = 10_000;

/** The way a run reads, and why. */
export type ReadPlan =
  | { readonly path: 'sequential'; readonly reason: string }
  | { readonly path: 'concurrent'; readonly streams: number; readonly split: Extract<QuerySplit, { splittable: true }> }
  | { readonly path: 'bulk'; readonly reason: string };

/** Why Bulk API 2.0 cannot run the query, found offline (compound fields are found by Salesforce). */
export function bulkUnsupported(query: string): string | undefined {
  const text = query.replace(/'(?:[^'\\]|\\.)*'/g, "''");
  const select = /^\s*select\b([\s\S]*?)\bfrom\b/i.exec(text)?.[1] ?? '';
  if (/\bgroup\s+by\b/i.test(text)) return 'Bulk API 2.0 does not run GROUP BY';
  if (/\boffset\b/i.test(text)) return 'Bulk API 2.0 does not run OFFSET';
  if (/\btypeof\b/i.test(select)) return 'Bulk API 2.0 does not run TYPEOF';
  if (select.includes('(')) return 'Bulk API 2.0 does not run aggregates, FIELDS() or sub-queries';
  return undefined;
}

/**
 * The one place that decides how a run reads. `total` is the first page's `totalSize` (unknown when no
 * first request was made: `api: bulk`). Bulk when asked (`api: bulk`) or when `api: auto` meets at least
 * `bulkThreshold` rows, if Bulk can run the query; otherwise REST: concurrent Id ranges for a large query
 * the split preserves, else one page after the other.
 */
export function planRead(parameters: SalesforceParameters, total: number | undefined): ReadPlan {
  const bulkProblem = bulkUnsupported(parameters.query);
  if (bulkProblem === undefined && parameters.api === 'bulk') return { path: 'bulk', reason: 'api: bulk' };
  if (bulkProblem === undefined && parameters.api === 'auto' && total !== undefined && total >= parameters.bulkThreshold) {
    return { path: 'bulk', reason: `api: auto and ${total.toLocaleString('en-US')} rows (bulkThreshold ${parameters.bulkThreshold.toLocaleString('en-US')})` };
  }
  return restPlan(parameters, total);
}

export function restPlan(parameters: SalesforceParameters, total: number | undefined): ReadPlan {
  if (parameters.concurrency === 1) return { path: 'sequential', reason: 'concurrency is 1' };
  if (total !== undefined && total <= SEQUENTIAL_UP_TO) {
    return { path: 'sequential', reason: `${total.toLocaleString('en-US')} rows (concurrent Id ranges from ${(SEQUENTIAL_UP_TO + 1).toLocaleString('en-US')})` };
  }
  const split = splitQuery(parameters.query);
  if (!split.splittable) return { path: 'sequential', reason: `the query cannot be split into Id ranges: ${split.reason}` };
  return { path: 'concurrent', streams: parameters.concurrency, split };
}

/** One line for `check`: how a run of this configuration would read `total` rows. */
export function describeReadPlan(parameters: SalesforceParameters, total: number): string {
  const plan = planRead(parameters, total);
  const bulkProblem = bulkUnsupported(parameters.query);
  const bulkNote = parameters.api === 'bulk' && bulkProblem ? ` (api: bulk, but ${bulkProblem}: read with the REST API)` : '';
  if (plan.path === 'bulk') return `A run reads with Bulk API 2.0 (${plan.reason})`;
  if (plan.path === 'concurrent') return `A run reads the REST query API in Id ranges, ${plan.streams} streams at once${bulkNote}`;
  return `A run reads the REST query API one page after the other: ${plan.reason}${bulkNote}`;
}
