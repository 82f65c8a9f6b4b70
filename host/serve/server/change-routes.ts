import { CHANGE_ACTIONS, type ChangeAction, type LedgerFilter, type RouteReply } from 'tributary-kit';
import type { ServerRoute } from './server-route.js';
import { queryNumber } from './query-number.js';

const text = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : value;

/** The ledger filter of a query string; a reply saying what is wrong with it otherwise. */
function filterOf(query: Readonly<Record<string, string>>): LedgerFilter | RouteReply {
  const action = text(query['action']);
  if (action !== undefined && !CHANGE_ACTIONS.includes(action as ChangeAction))
    return { status: 400, body: { error: `action must be one of ${CHANGE_ACTIONS.join(', ')}` } };
  const flips = query['flips'];
  if (flips !== undefined && flips !== '' && flips !== 'true' && flips !== 'false')
    return { status: 400, body: { error: 'flips must be true or false' } };
  return {
    user: text(query['user']),
    runId: text(query['run']),
    nqlId: text(query['nqlId']),
    field: text(query['field']),
    action: action as ChangeAction | undefined,
    flips: flips === 'true',
    offset: queryNumber(query['offset']),
    limit: queryNumber(query['limit']),
  };
}

/** The change ledger: its entries, and one run's diff in counts. */
export const CHANGE_ROUTES: readonly ServerRoute[] = [
  {
    method: 'GET',
    path: '/api/changes',
    access: 'read',
    summary:
      'change-ledger entries, newest first: ?user=…&run=…&nqlId=…&field=…&action=…&flips=true&offset=…&limit=… (50 per page)',
    async handle({ query }, ops) {
      const filter = filterOf(query);
      return 'body' in filter ? filter : { body: await ops.changes(filter) };
    },
  },
  {
    method: 'GET',
    path: '/api/runs/:runId/changes',
    access: 'read',
    summary: "a run's changes by field and action (added, changed, cleared, left, flips)",
    async handle({ params }, ops) {
      const changes = await ops.runChanges(params['runId']!);
      return changes
        ? { body: changes }
        : { status: 404, body: { error: `No changes recorded for run ${JSON.stringify(params['runId'])}` } };
    },
  },
];
