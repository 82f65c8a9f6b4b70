import { connectorHealth, type ConnectorStatus, type LogEntry } from 'tributary-kit';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';
import type { OperationsSource } from './operations-source.js';

/** The newest execution-log entry matching an NQL condition. */
export type NewestEntry = (host: Host, where: string) => Promise<LogEntry | undefined>;

/**
 * Every configured connector as an operator sees it: its schedule and next run, whether it runs, its
 * newest run and success (dry runs left out), its pause and quarantine, and its health against its
 * schedule.
 */
export async function connectorStatuses(source: OperationsSource, newest: NewestEntry): Promise<ConnectorStatus[]> {
  const host = source.current();
  const control = source.control();
  const scheduled = new Map((control?.scheduled() ?? []).map((s) => [s.nqlId, s]));
  const running = new Set(control?.runningConnectors() ?? []);
  const now = new Date();
  return Promise.all(
    host.config.connectors.map(async (c): Promise<ConnectorStatus> => {
      const s = scheduled.get(c.nqlId);
      // NQL IDs are [a-z0-9_]: safe inside a quoted NQL string, and free of wildcards.
      const real = `details.nql_id == "${c.nqlId}" and details.dry_run == false`;
      const lastRun = await newest(host, real);
      const lastSuccess = await newest(host, `${real} and status == success`);
      const lastSuccessAt = typeof lastSuccess?.['time'] === 'string' ? lastSuccess['time'] : undefined;
      const { paused, quarantine } = await host.control(c.nqlId);
      const health = connectorHealth({
        lastStatus: typeof lastRun?.['status'] === 'string' ? lastRun['status'] : undefined,
        ...(lastSuccessAt ? { lastSuccessAt: new Date(lastSuccessAt) } : {}),
        ...(s?.previousDueAt ? { previousDue: s.previousDueAt } : {}),
        now,
        ...(host.config.lateAfterMinutes ? { lateAfterMinutes: host.config.lateAfterMinutes } : {}),
      });
      return {
        nqlId: c.nqlId,
        name: c.name,
        connector: host.registry.connectorTemplates.get(c.connector)?.displayName ?? c.connector,
        ...(s?.schedule ? { schedule: s.schedule } : {}),
        ...(s?.nextRunAt ? { nextRunAt: s.nextRunAt.toISOString() } : {}),
        running: running.has(c.nqlId),
        ...(lastRun ? { lastRun } : {}),
        ...(lastSuccessAt ? { lastSuccessAt } : {}),
        ...(s?.lagSeconds !== undefined ? { schedulerLagSeconds: s.lagSeconds } : {}),
        health,
        ...(paused ? { paused: { by: paused.by, at: paused.at.toISOString() } } : {}),
        ...(quarantine
          ? {
              quarantine: {
                since: quarantine.since.toISOString(),
                failures: quarantine.failures,
                until: quarantine.until.toISOString(),
              },
            }
          : {}),
      };
    }),
  );
}
