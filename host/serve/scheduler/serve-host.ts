import type { TributaryConfig } from 'tributary-kit';
import { systemClock } from 'tributary-kit/internal/kernel/schedule/clock.js';
import { HostGenerations } from './host-generations.js';
import type { ServableHost } from './servable-host.js';
import type { ServeControl } from './serve-control.js';
import { serve, type ServeOptions } from './serve.js';

export type { ServableHost } from './servable-host.js';

/** What serveHost shows of itself to a server it starts (the HTTP API). */
export interface ServedHosts<H extends ServableHost> {
  /** The host new runs use (replaced by a reload). */
  current(): H;
  /** What runs the connectors; undefined until they are scheduled. */
  control(): ServeControl | undefined;
  /**
   * Whether serve is ready, as far as serve knows (the server adds its own checks): not until the
   * connectors are scheduled; in a cluster, the reason is the database serve waits for.
   */
  readiness(): Promise<{ readonly ready: boolean; readonly reason?: string }>;
}

export interface ServeHostOptions<H extends ServableHost = ServableHost> extends Omit<
  ServeOptions,
  | 'loadConfig'
  | 'runConnector'
  | 'onConfig'
  | 'configPath'
  | 'stateDir'
  | 'onServing'
  | 'cluster'
  | 'refuseScheduledRun'
> {
  /** Builds a host from the config file; throws ConfigProblemsError when the config is broken. */
  readonly loadHost: () => Promise<H>;
  /**
   * Started after the first config loaded, before anything is scheduled (e.g. the HTTP server; its
   * failure to start stops serve); closed when serve has stopped.
   */
  readonly startServer?: (served: ServedHosts<H>) => Promise<{ close(): Promise<void> } | undefined>;
}

/**
 * `serve` over hosts: every (re)load builds a new host; new runs use the newest one, and a replaced
 * host is closed once the runs it started have ended. Throws like `serve` on a broken first config;
 * otherwise resolves with the exit code after closing every host.
 */
export async function serveHost<H extends ServableHost>(options: ServeHostOptions<H>): Promise<number> {
  const { loadHost, startServer, ...rest } = options;
  const hosts = new HostGenerations(loadHost, rest.logger);
  let control: ServeControl | undefined;
  /** Why the connectors are not scheduled yet, while serve waits to join the cluster. */
  let waitingFor: string | undefined;
  const first = await hosts.load(); // serve needs its config path and state dir
  let preloaded: TributaryConfig | undefined = first.config;
  const { configPath, stateDir, coordinator } = first;
  if (coordinator) hosts.keep(first);
  let server: { close(): Promise<void> } | undefined;
  try {
    server = await startServer?.({
      current: () => hosts.inUse() as H,
      control: () => control,
      readiness: async () =>
        control ? { ready: true } : { ready: false, reason: waitingFor ?? 'connectors not scheduled yet' },
    });
    return await serve({
      ...rest,
      configPath,
      stateDir,
      cluster: coordinator && {
        coordinator,
        runLeased: (nqlId, lease, signal) => hosts.run(nqlId, signal, lease.scheduledFor, lease),
        knows: (nqlId) => hosts.inUse()?.config.connectors.some((c) => c.nqlId === nqlId) ?? false,
      },
      loadConfig: async () => {
        const config = preloaded ?? (await hosts.load()).config;
        preloaded = undefined;
        return config;
      },
      onConfig: () => hosts.apply(),
      onEvent: (event) => {
        if (event.type === 'waiting') waitingFor = event.reason;
        rest.onEvent?.(event);
      },
      onServing: (c) => (control = c),
      runConnector: (nqlId, signal, scheduledFor) => hosts.run(nqlId, signal, scheduledFor),
      refuseScheduledRun: async (nqlId) =>
        hosts.inUse()?.refuseScheduledRun?.(nqlId, (rest.clock ?? systemClock).now()),
    });
  } finally {
    await server?.close();
    await hosts.closeAll();
  }
}
