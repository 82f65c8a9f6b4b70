import type { SyncRead } from 'tributary-kit';
import { readAll, readDirectly, type DirectOptions } from '../../../../testing.js';
import { restWorld, sendJson, type Handler, type RestWorld } from './rest-host.js';

/** A user as the changes API holds it: its change time as ISO 8601 text, or epoch seconds. */
export interface ChangedUser {
  readonly name: string;
  readonly updatedAt?: string | number;
}

const instant = (time: string | number | undefined): number =>
  typeof time === 'number' || /^\d+$/.test(time ?? '') ? Number(time) * 1000 : Date.parse(time ?? '');

/**
 * A user API that answers the users changed since `updatedSince` (ISO 8601 or epoch seconds), or all
 * of them without it, `l` at a time from offset `o` (or cursor `c`), with `total`: how many match.
 */
function changesApi(users: readonly ChangedUser[]): Handler {
  return (req, res) => {
    const query = new URL(req.url!, 'http://127.0.0.1').searchParams;
    const since = query.get('updatedSince');
    const matching = since === null ? users : users.filter((u) => instant(u.updatedAt) >= instant(since));
    const offset = Number(query.get('o') ?? query.get('c') ?? 0);
    const end = offset + Number(query.get('l') ?? 2);
    const next = end < matching.length ? String(end) : null;
    sendJson(res, 200, { total: matching.length, rows: matching.slice(offset, end), next });
  };
}

/** The parameters of a connector reading the changes API 2 records a page, by offset. */
export const CHANGES_PARAMETERS = {
  recordsPath: 'rows',
  totalPath: 'total',
  pagination: { style: 'offset', offsetParam: 'o', limitParam: 'l', pageSize: 2 },
  changes: { sinceParam: 'updatedSince', changedAtPath: 'updatedAt' },
};

/** Runs `test` with a test host whose `rest_users` connector reads `users` from a changes API. */
export async function withChangingUsers(
  users: readonly ChangedUser[],
  parameters: Record<string, unknown>,
  test: (world: RestWorld) => Promise<void>,
): Promise<void> {
  const world = await restWorld(changesApi(users), { ...CHANGES_PARAMETERS, ...parameters });
  try {
    await test(world);
  } finally {
    await world.close();
  }
}

/** A change read since `since`, starting `lookBackSeconds` earlier. */
export const changesSince = (since: string, lookBackSeconds = 300): SyncRead => ({
  mode: 'changes',
  since,
  lookBackSeconds,
});

/** Reads `rest_users` directly with `sync`: its records and what it reported (cursor, source count, calls). */
export async function readWith(world: RestWorld, sync: SyncRead, options: DirectOptions = {}) {
  const read = readDirectly(world.th, 'rest_users', { ...options, sync });
  const records = await readAll(read);
  return { records, state: read.state };
}

/** The since parameter of each request the API received (null: none). */
export function sinceSent(world: RestWorld): Array<string | null> {
  return world.server.requests.map((r) => new URL(r.url, 'http://127.0.0.1').searchParams.get('updatedSince'));
}
