import type { HttpClient, Plugin, RunResult } from '../../core/index.js';
import { createHost, type CreateHostOptions, type Host } from '../kernel/create-host.js';
import { createHttpClient, type HttpClientOptions } from '../kernel/http/create-http-client.js';
import type { RunOptions } from '../kernel/run/run-options.js';
// eslint-disable-next-line no-restricted-imports -- until the kit's hosts get the limits through the plugin API
import executionLogPlugin from '../../plugins/execution-log/index.js';
import { BUILTIN_PLUGINS, CLUSTER_PLUGINS, builtinPluginUrl } from '../kernel/plugins/builtin-plugins.js';
import { memoryLogger, type MemoryLogger } from './memory-logger.js';
import { recordingListener, type RecordingListener } from './recording-listener.js';
import { testPlugin } from './test-plugin.js';

export interface TestHostOptions {
  /** The configuration object (what `tributary.config.yaml` would hold). */
  readonly config: unknown;
  /** Plugins under test (objects made by `definePlugin`). */
  readonly plugins?: readonly Plugin[];
  /**
   * Skip the built-in plugins; the execution log is still loaded unless `executionLog: false`. A plugin
   * under test with the id of a built-in replaces that built-in.
   */
  readonly withoutBuiltins?: boolean;
  readonly executionLog?: boolean;
  /** For `${ENV}` substitution in the config. Default: an empty environment. */
  readonly env?: NodeJS.ProcessEnv;
  /** Folder relative `plugins:` entries resolve from. Default: the process's cwd. */
  readonly cwd?: string;
  /** Default: the host's client with fast retries (a few milliseconds of backoff). */
  readonly http?: HttpClient;
  /** Where the embedded stores (sqlite sink, execution log) keep their files. Default: `:memory:`. */
  readonly stateDir?: string;
  /**
   * Load the config as `check` and `run` do: a connector whose JSONata does not compile is accepted and
   * each of its runs fails with the compile error. Default: such a config is refused.
   */
  readonly deferMappingErrors?: boolean;
  /** Load the config as the read-only commands do: a `${…}` reference that cannot be resolved stays as it is. */
  readonly allowMissingSecrets?: boolean;
}

/** One row of the execution log, keyed by NQL column name (`status`, `details.nql_id`, …). */
export type LogEntry = Record<string, string | number | null>;

export interface TestHost {
  readonly host: Host;
  /** Every run, as the execution listeners saw it. */
  readonly listener: RecordingListener;
  readonly logger: MemoryLogger;
  run(nqlId: string, options?: RunOptions): Promise<RunResult>;
  check: Host['check'];
  /** Queries the execution log with NQL (default: the 20 newest entries), like `tributary logs --format json`. */
  logs(nql?: string): Promise<LogEntry[]>;
  close(): Promise<void>;
}

/** Options of the host's HTTP client: `retry` defaults, `timeoutMs`, `random` (jitter), `onResponse`. */
export type TestHttpClientOptions = HttpClientOptions;

/**
 * The host's real HTTP client (the one plugins get from `HttpClientToken`) with fast retries, so that
 * tests of transient failures take milliseconds: by default 2 retries, 1–5 ms apart. `options.retry`
 * overrides those defaults field by field; the other options are the client's own.
 */
export function testHttpClient(options: TestHttpClientOptions = {}): HttpClient {
  return createHttpClient({ ...options, retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 5, ...options.retry } });
}

/**
 * Boots the real host (real loader, validation and run pipeline) with every embedded store in memory,
 * a recording execution listener and a logger that keeps its lines.
 */
export async function startTestHost(options: TestHostOptions): Promise<TestHost> {
  const listener = recordingListener();
  const logger = memoryLogger();
  const host = await createHost(await testHostSetup(options, listener, logger));
  return {
    host,
    listener,
    logger,
    run: (nqlId, runOptions) => host.run(nqlId, runOptions),
    check: (nqlId, checkOptions) => host.check(nqlId, checkOptions),
    logs: (nql) => queryLog(host, nql),
    close: () => host.close(),
  };
}

/** What startTestHost (and startTestServer) build a host from: in-memory state, the plugins under test, a recording listener. */
export async function testHostSetup(options: TestHostOptions, listener: RecordingListener, logger: MemoryLogger): Promise<CreateHostOptions> {
  const plugins = [...(options.plugins ?? [])];
  if (!options.withoutBuiltins) plugins.unshift(...(await builtinsExcept(new Set(plugins.map((p) => p.id)), hasCluster(options.config))));
  if (options.executionLog !== false && !plugins.some((p) => p.id === executionLogPlugin.id)) plugins.push(executionLogPlugin);
  plugins.push(testPlugin({ id: 'tributary-testing', executionListeners: [listener] }));
  return {
    config: options.config,
    plugins,
    withoutBuiltins: true,
    stateDir: options.stateDir ?? ':memory:',
    deferMappingErrors: options.deferMappingErrors,
    allowMissingSecrets: options.allowMissingSecrets,
    logger,
    http: options.http ?? testHttpClient(),
    env: options.env ?? {},
    cwd: options.cwd,
  };
}

/** A config with `cluster:` loads the cluster's built-in plugins too (PostgreSQL: see startTestPostgres). */
function hasCluster(config: unknown): boolean {
  return typeof config === 'object' && config !== null && 'cluster' in config;
}

/** The built-in plugins, in their order, but those replaced by a plugin under test. */
async function builtinsExcept(replaced: ReadonlySet<string>, cluster: boolean): Promise<Plugin[]> {
  const ids = [...BUILTIN_PLUGINS, ...(cluster ? CLUSTER_PLUGINS : [])].filter((id) => !replaced.has(id));
  return Promise.all(ids.map(async (id) => ((await import(builtinPluginUrl(id).href)) as { default: Plugin }).default));
}

async function queryLog(host: Host, nql = ''): Promise<LogEntry[]> {
  const command = host.registry.commands.get('logs');
  if (!command) throw new Error('The execution-log plugin is not loaded: there is no execution log to query');
  let out = '';
  let err = '';
  const code = await command.run(
    { positionals: nql ? [nql] : [], options: { format: 'json' } },
    { stdout: { write: (t) => void (out += t) }, stderr: { write: (t) => void (err += t) } },
  );
  if (code !== 0) throw new Error(`logs ${JSON.stringify(nql)} failed: ${err.trim()}`);
  return JSON.parse(out) as LogEntry[];
}
