import type { ActionOutcome, RouteReply } from 'tributary-kit';
import type { ServerRoute } from './server-route.js';
import { queryNumber } from './query-number.js';

/** 200 when it was done; 404 for an unknown run or connector, 409 when it was already so, 503 when nothing can do it. */
function actionReply(outcome: ActionOutcome): RouteReply {
  if (outcome.done) return { body: outcome };
  const status = outcome.reason === 'unknown' ? 404 : outcome.reason === 'already' ? 409 : 503;
  return { status, body: { ...outcome, error: outcome.message } };
}

/** Held runs, runs in progress, pausing, the overview and the audit trail. */
export const CONTROL_ROUTES: readonly ServerRoute[] = [
  {
    method: 'GET',
    path: '/api/runs/held',
    access: 'read',
    summary: 'held runs waiting for a decision: why each is held, what it would commit, its deadline',
    handle: async (_request, ops) => ({ body: { runs: await ops.heldRuns() } }),
  },
  {
    method: 'GET',
    path: '/api/runs/live',
    access: 'read',
    summary: 'runs in progress on every host: phase, rows, rows/s, ETA, a cancel request',
    handle: async (_request, ops) => ({ body: { runs: await ops.liveRuns() } }),
  },
  {
    method: 'POST',
    path: '/api/runs/:runId/approve',
    access: 'write',
    summary: 'approves a held run: it commits (409 when it was decided already)',
    handle: async ({ params, actor }, ops) => actionReply(await ops.decide(params['runId']!, 'approved', actor)),
  },
  {
    method: 'POST',
    path: '/api/runs/:runId/reject',
    access: 'write',
    summary: 'rejects a held run: it fails and commits nothing (409 when it was decided already)',
    handle: async ({ params, actor }, ops) => actionReply(await ops.decide(params['runId']!, 'rejected', actor)),
  },
  {
    method: 'POST',
    path: '/api/runs/:runId/cancel',
    access: 'write',
    summary: 'cancels a run in progress, on whichever host runs it: it fails and commits nothing',
    handle: async ({ params, actor }, ops) => actionReply(await ops.cancel(params['runId']!, actor)),
  },
  {
    method: 'GET',
    path: '/api/runs/:runId/log',
    access: 'read',
    summary: "the run's own log lines, in order (at most 1,000)",
    handle: async ({ params }, ops) => ({ body: { lines: await ops.runLog(params['runId']!) } }),
  },
  {
    method: 'POST',
    path: '/api/connectors/:nqlId/pause',
    access: 'write',
    summary: "pauses the connector's schedule on every host (run now still works)",
    handle: async ({ params, actor }, ops) => actionReply(await ops.pause(params['nqlId']!, actor)),
  },
  {
    method: 'POST',
    path: '/api/connectors/:nqlId/resume',
    access: 'write',
    summary: "resumes the connector's schedule and lifts its quarantine",
    handle: async ({ params, actor }, ops) => actionReply(await ops.resume(params['nqlId']!, actor)),
  },
  {
    method: 'GET',
    path: '/api/overview',
    access: 'read',
    summary: 'every connector over ?days=… (default 7): health, success rate, rows per day, age of the last success',
    handle: async ({ query }, ops) => ({ body: await ops.overview(queryNumber(query['days'])) }),
  },
  {
    method: 'GET',
    path: '/api/audit',
    access: 'read',
    summary: 'who did what (run now, approve, reject, cancel, pause, resume), newest first: ?offset=…&limit=…',
    handle: async ({ query }, ops) => ({
      body: await ops.audit({ offset: queryNumber(query['offset']) ?? 0, limit: queryNumber(query['limit']) ?? 50 }),
    }),
  },
];
