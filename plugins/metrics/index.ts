import {
  ExecutionListeners,
  HttpRoutes,
  PLUGIN_API_VERSION,
  definePlugin,
  type ExecutionListener,
  type HttpRoute,
} from 'tributary-kit';
import { createRunMetrics, type RunMetrics } from './run-metrics.js';

export { createRunMetrics, type RunMetrics } from './run-metrics.js';

/** Counts every run as it ends. */
function metricsListener(metrics: RunMetrics): ExecutionListener {
  return { id: 'metrics', start: () => ({ onEnd: (result) => metrics.observe(result) }) };
}

/** `GET /metrics`: the Prometheus text format. */
function metricsRoute(metrics: RunMetrics): HttpRoute {
  return {
    method: 'GET',
    path: '/metrics',
    access: 'read',
    summary:
      'Prometheus metrics: runs, rows, durations, API calls, time since the last success, scheduler lag, health, pauses, quarantines, held runs',
    async handle(_request, operations) {
      const [connectors, heldRuns] = await Promise.all([operations.connectors(), operations.heldRuns()]);
      return { type: metrics.contentType, body: await metrics.render(connectors, heldRuns, new Date()) };
    },
  };
}

/**
 * Prometheus metrics for `serve` (docs/operations.md): an execution listener counts runs, rows, API
 * calls and durations per connector; `/metrics` adds the time since each connector's last success, its
 * next run, the scheduler's lag, its health, pause and quarantine, and its held runs. Counters are
 * counted per host process, from its start (or its last reload). `docs/grafana/tributary-dashboard.json`
 * is a Grafana dashboard of all of them.
 */
export default definePlugin({
  id: 'metrics',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description:
    'Prometheus metrics at /metrics when serve listens (runs, rows, durations, API calls, last success, scheduler lag, health, pauses, quarantines, held runs)',
  register(env) {
    // One set of metrics per host: the listener and the route share it.
    const metrics = createRunMetrics();
    env.contribute(ExecutionListeners, metricsListener(metrics));
    env.contribute(HttpRoutes, metricsRoute(metrics));
  },
});
