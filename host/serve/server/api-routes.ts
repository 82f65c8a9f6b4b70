import type { RouteReply } from 'tributary-kit';
import type { Readiness, ServerRoute } from './server-route.js';
import { CHANGE_ROUTES } from './change-routes.js';
import { CONTROL_ROUTES } from './control-routes.js';
import { csvChunks } from './csv-chunks.js';
import { queryNumber } from './query-number.js';

const notFound = (what: string): RouteReply => ({ status: 404, body: { error: `${what} not found` } });

/** The connectors: their state, a check, and run now. */
const CONNECTOR_ROUTES: readonly ServerRoute[] = [
  {
    method: 'GET',
    path: '/api/connectors',
    access: 'read',
    summary: 'every connector with its schedule, next run, last run and whether it runs now',
    handle: async (_request, ops) => ({ body: { connectors: await ops.connectors() } }),
  },
  {
    method: 'GET',
    path: '/api/connectors/:nqlId',
    access: 'read',
    summary: 'one connector',
    async handle({ params }, ops) {
      const found = (await ops.connectors()).find((c) => c.nqlId === params['nqlId']);
      return found ? { body: found } : notFound(`Connector ${JSON.stringify(params['nqlId'])}`);
    },
  },
  {
    method: 'POST',
    path: '/api/connectors/:nqlId/check',
    access: 'write',
    summary:
      'what tributary check finds: authenticates, reads one page, previews the mapping; writes nothing (429 while too many run)',
    handle: async ({ params }, ops) => ({ body: await ops.check(params['nqlId']!) }),
  },
  {
    method: 'POST',
    path: '/api/connectors/:nqlId/preview',
    access: 'write',
    summary:
      'what tributary preview shows for the body\'s {"user": "<UPN or email>"}: its records step by step, against the store; writes nothing, logs a dry run (429 while too many run)',
    async handle({ params, body }, ops) {
      const user = (body as { user?: unknown } | null | undefined)?.user;
      if (typeof user !== 'string' || user.trim() === '')
        return { status: 400, body: { error: 'Send the user to preview as JSON: {"user": "<UPN or email>"}' } };
      return { body: await ops.preview({ user, nqlId: params['nqlId']! }) };
    },
  },
  {
    method: 'POST',
    path: '/api/connectors/:nqlId/run',
    access: 'write',
    summary: 'run now (202), refused while it runs (409)',
    async handle({ params, actor }, ops) {
      const outcome = await ops.runNow(params['nqlId']!, actor);
      if (outcome.accepted) return { status: 202, body: outcome };
      return {
        status: outcome.reason === 'unknown' ? 404 : outcome.reason === 'stopping' ? 503 : 409,
        body: { ...outcome, error: outcome.message },
      };
    },
  },
];

/** The execution log: pages of an NQL query, its whole result as CSV, one entry. */
const RUN_ROUTES: readonly ServerRoute[] = [
  {
    method: 'GET',
    path: '/api/runs',
    access: 'read',
    summary: 'execution-log entries: ?nql=…&offset=…&limit=… (default newest first, 50 per page)',
    handle: async ({ query }, ops) => ({
      body: await ops.runs({
        nql: query['nql'],
        offset: queryNumber(query['offset']),
        limit: queryNumber(query['limit']),
      }),
    }),
  },
  {
    method: 'GET',
    path: '/api/runs.csv',
    access: 'read',
    summary: 'the whole result of ?nql=… (default every entry, newest first) as CSV, streamed',
    async handle({ query }, ops) {
      const { columns, entries } = await ops.allRuns(query['nql']);
      return {
        type: 'text/csv; charset=utf-8',
        headers: { 'content-disposition': 'attachment; filename="tributary-logs.csv"' },
        stream: csvChunks(columns, entries),
      };
    },
  },
  {
    method: 'GET',
    path: '/api/runs/:runId',
    access: 'read',
    summary: 'one execution-log entry by details.run_id',
    async handle({ params }, ops) {
      const entry = await ops.run(params['runId']!);
      return entry ? { body: entry } : notFound(`Run ${JSON.stringify(params['runId'])}`);
    },
  },
];

/** The routes the host serves itself: health checks and the JSON API (docs/operations.md). */
export function apiRoutes(readiness: Readiness): ServerRoute[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      access: 'public',
      summary: 'the process is up',
      handle: () => ({ body: { status: 'ok' } }),
    },
    {
      method: 'GET',
      path: '/readyz',
      access: 'public',
      summary: 'config and plugins loaded, connectors scheduled, execution log reachable',
      async handle() {
        const { ready, reason } = await readiness();
        return { status: ready ? 200 : 503, body: ready ? { status: 'ready' } : { status: 'not ready', reason } };
      },
    },
    ...CONNECTOR_ROUTES,
    ...CONTROL_ROUTES,
    ...RUN_ROUTES,
    ...CHANGE_ROUTES,
  ];
}
