import { ConfigProblemsError, type RunCoordinator, type RunLease, type RunResult, type TributaryConfig } from '../../../core/index.js';
import { scheduleProblems } from '../../kernel/schedule/schedule-problems.js';
import type { ServeControl } from './serve-control.js';
import { serve, type ServeOptions } from './serve.js';

/** What `serveHost` needs of a host (the host's `Host` has this shape). */
export interface ServableHost {
  readonly config: TributaryConfig;
  /** Absolute state dir, or `:memory:`. */
  readonly stateDir: string;
  /** The config file the host was built from, watched for changes. */
  readonly configPath: string | undefined;
  /** In a cluster, the run coordinator; undefined on one machine. */
  readonly coordinator?: RunCoordinator;
  run(nqlId: string, options: { readonly signal: AbortSignal; readonly scheduledFor?: Date; readonly lease?: RunLease }): Promise<RunResult>;
  close(): Promise<void>;
}

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

export interface ServeHostOptions<H extends ServableHost = ServableHost> extends Omit<ServeOptions, 'loadConfig' | 'runConnector' | 'onConfig' | 'configPath' | 'stateDir' | 'onServing' | 'cluster'> {
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
  let current: H | undefined;
  let loaded: H | undefined;
  let control: ServeControl | undefined;
  /** Why the connectors are not scheduled yet, while serve waits to join the cluster. */
  let waitingFor: string | undefined;
  /** In a cluster, the first host: its coordinator serves until the end (a reload does not reconnect). */
  let coordinating: H | undefined;
  const runs = new Map<ServableHost, number>();
  const closeIfIdle = async (host: ServableHost | undefined): Promise<void> => {
    if (host === undefined || host === current || host === loaded || host === coordinating || runs.get(host)) return;
    await host.close().catch((error: unknown) => rest.logger.warn(`Closing a replaced host failed: ${error instanceof Error ? error.message : String(error)}`));
  };

  const load = async (): Promise<TributaryConfig> => {
    const host = await loadHost();
    const problems = scheduleProblems(host.config.connectors);
    if (problems.length > 0) {
      await host.close();
      throw new ConfigProblemsError(problems);
    }
    const unused = loaded;
    loaded = host;
    await closeIfIdle(unused);
    return host.config;
  };
  const apply = async (): Promise<void> => {
    const previous = current;
    current = loaded;
    loaded = undefined;
    await closeIfIdle(previous);
  };
  const runConnector = async (nqlId: string, signal: AbortSignal, scheduledFor?: Date, lease?: RunLease): Promise<RunResult> => {
    const host = current as ServableHost;
    runs.set(host, (runs.get(host) ?? 0) + 1);
    try {
      return await host.run(nqlId, { signal, scheduledFor, lease });
    } finally {
      runs.set(host, (runs.get(host) ?? 1) - 1);
      await closeIfIdle(host);
    }
  };

  let preloaded: TributaryConfig | undefined = await load(); // serve needs its config path and state dir
  const { configPath, stateDir, coordinator } = loaded as H;
  if (coordinator) coordinating = loaded;
  let server: { close(): Promise<void> } | undefined;
  try {
    server = await startServer?.({
      current: () => (current ?? loaded) as H,
      control: () => control,
      readiness: async () => (control ? { ready: true } : { ready: false, reason: waitingFor ?? 'connectors not scheduled yet' }),
    });
    return await serve({
      ...rest,
      configPath,
      stateDir,
      cluster: coordinator && {
        coordinator,
        runLeased: (nqlId, lease, signal) => runConnector(nqlId, signal, lease.scheduledFor, lease),
        knows: (nqlId) => (current ?? loaded)?.config.connectors.some((c) => c.nqlId === nqlId) ?? false,
      },
      loadConfig: async () => {
        const config = preloaded ?? (await load());
        preloaded = undefined;
        return config;
      },
      onConfig: apply,
      onEvent: (event) => {
        if (event.type === 'waiting') waitingFor = event.reason;
        rest.onEvent?.(event);
      },
      onServing: (c) => (control = c),
      runConnector,
    });
  } finally {
    await server?.close();
    const open = [...new Set([current, loaded, coordinating])];
    current = undefined;
    loaded = undefined;
    coordinating = undefined;
    for (const host of open) await closeIfIdle(host);
  }
}
