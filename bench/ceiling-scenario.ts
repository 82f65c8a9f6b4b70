/**
 * The ceiling: every page fetched (Node's fetch, one request at a time, as a minimal script would)
 * and JSON-parsed; nothing else.
 */
import { performance } from 'node:perf_hooks';
import { sandboxSession } from './sandbox-token.js';
import type { ScenarioInput } from './scenario-types.js';

export async function runCeiling(input: ScenarioInput): Promise<{ rows: number; ms: number }> {
  const start = performance.now();
  const session = await sandboxSession(input.url, input.clientId, input.clientSecret);
  const headers = { Authorization: `Bearer ${session.accessToken}`, Accept: 'application/json' };
  let next: string | undefined = `/services/data/v62.0/query?q=${encodeURIComponent(input.query)}`;
  let rows = 0;
  while (next !== undefined) {
    const response = await fetch(`${session.instanceUrl}${next}`, { headers });
    if (!response.ok) throw new Error(`HTTP ${response.status} from the sandbox`);
    const page = JSON.parse(await response.text()) as { records: unknown[]; nextRecordsUrl?: string };
    rows += page.records.length;
    next = page.nextRecordsUrl;
  }
  return { rows, ms: performance.now() - start };
}
