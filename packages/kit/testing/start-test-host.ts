import {
  definePlugin,
  ExecutionListeners,
  ExecutionLogStoreService,
  PLUGIN_API_VERSION,
  type ConnectorConfig,
  type ExecutionLogStore,
  type ExtensionPoint,
  type HttpClient,
  type Plugin,
  type RunResult,
  type ServiceRef,
  type TributaryConfig,
} from '../core/index.js';
import { createHost, type Host, type KernelHostOptions } from '../kernel/create-host.js';
import { createHttpClient, type HttpClientOptions } from '../kernel/http/create-http-client.js';
import type { RunOptions } from '../kernel/run/run-options.js';
import { builtinsToLoad, importBuiltin, type BuiltinTable } from '../kernel/plugins/builtin-table.js';
import { builtinsForTestHost } from './builtins-for-test-host.js';
import { memoryLogger, type MemoryLogger } from './memory-logger.js';
import { recordingListener, type RecordingListener } from './recording-listener.js';
import { runCapturedCommand, type CommandOutput } from './run-command.js';

export interface TestHostOptions {
  /** The configuration object (what `tributary.config.yaml` would hold). */
  readonly config: unknown;
  /** Plugins under test (objects made by `definePlugin`). */
  readonly plugins?: readonly Plugin[];
  /**
   * Skip the built-in plugins but the execution log, which enforces the limits (a run without it is
   * refused: `RUN_NO_LIMITS`). A plugin under test with the id of a built-in replaces that built-in.
   * Without it, the test host loads the built-ins the config names (see {@link TestHostStarter.startTestHost}).
   */
  readonly withoutBuiltins?: boolean;
  /**
   * `false`: runs are not recorded (the log store keeps nothing and `logs()` refuses), but the limits
   * and the commit guards still apply. Default: recorded, in memory unless `stateDir` says otherwise.
   */
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
  /**
   * How often a run reports itself and looks for a decision (a held run) or a cancel request, in ms.
   * Default: 50 (the host's own default is 2,000), so that tests awaiting a decision end soon.
   */
  readonly controlPollMs?: number;
}

/** One row of the execution log, keyed by NQL column name (`status`, `details.nql_id`, …). */
export type LogEntry = Record<string, string | number | null>;

/** A loaded plugin, as `tributary plugins` lists it. */
export interface TestHostPlugin {
  readonly id: string;
  readonly version: string;
  readonly apiVersion: number;
  /** `built-in`, `inline`, or the `plugins:` entry. */
  readonly source: string;
  /** The keys it contributed, by extension point id (`core.sink-type`: `['jsonl']`). */
  readonly contributed: Readonly<Record<string, readonly string[]>>;
}

/** A started test host: what a plugin's tests read and drive, without the host's internals. */
export interface PluginTestHost {
  /** The validated configuration (secrets substituted, defaults applied). */
  readonly config: TributaryConfig;
  /** Where the embedded stores keep their files (`:memory:` by default). */
  readonly stateDir: string;
  /** The loaded plugins, in load order. */
  readonly plugins: readonly TestHostPlugin[];
  /** Every run, as the execution listeners saw it. */
  readonly listener: RecordingListener;
  readonly logger: MemoryLogger;
  /** A configured connector by NQL ID (a `CONFIG_UNKNOWN_CONNECTOR` error otherwise). */
  connector(nqlId: string): ConnectorConfig;
  /** Everything contributed to an extension point, in plugin order (a plugin's own points too). */
  contributions<T>(point: ExtensionPoint<T>): readonly T[];
  /** A service's instance (its override, else its default), or `undefined` when no plugin provides it. */
  service<T>(ref: ServiceRef<T>): T | undefined;
  run(nqlId: string, options?: RunOptions): Promise<RunResult>;
  check: Host['check'];
  /** Queries the execution log with NQL (default: the 20 newest entries), like `tributary logs --format json`. */
  logs(nql?: string): Promise<LogEntry[]>;
  /**
   * Runs a plugin's CLI command (`runCommand('users', ['--format', 'json'])`) with its output captured
   * and redacted as the CLI redacts it; rejects when no plugin contributes that command.
   */
  runCommand(name: string, args?: readonly string[]): Promise<CommandOutput>;
  close(): Promise<void>;
}

/** The kit's own view of a test host (its conformance suite, the repository's tests): the public one and the host itself. */
export interface TestHost extends PluginTestHost {
  readonly host: Host;
}

/** Options of the host's HTTP client: `retry` defaults, `timeoutMs`, `random` (jitter), `onResponse`. */
export type TestHttpClientOptions = HttpClientOptions;

/**
 * The host's real HTTP client (the one plugins get from `HttpClientService`) with fast retries, so that
 * tests of transient failures take milliseconds: by default 2 retries, 1–5 ms apart. `options.retry`
 * overrides those defaults field by field; the other options are the client's own.
 */
export function testHttpClient(options: TestHttpClientOptions = {}): HttpClient {
  return createHttpClient({ ...options, retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 5, ...options.retry } });
}

/** A test host's way to start, bound to a table of built-in plugins (see {@link testHostStarter}). */
export interface TestHostStarter {
  /**
   * Boots the real host (real loader, validation and run pipeline) with every embedded store in memory,
   * a recording execution listener and a logger that keeps its lines. Of the table's built-in plugins it
   * loads those the config needs: those enforcing the limits, each one contributing a connector template,
   * sink type or credential type the config names (`sqlite` when it declares no sink), and with `cluster:`
   * the cluster's (and `sqlite`'s, for its `users` command); never serve's HTTP ones.
   */
  startTestHost(options: TestHostOptions): Promise<TestHost>;
  /**
   * What startTestHost (and startTestServer) build a host from: in-memory state, the plugins under test, a
   * recording listener; with `builtins: 'named'` only the built-ins the config names, else all of them.
   */
  testHostSetup(
    options: TestHostOptions,
    listener: RecordingListener,
    logger: MemoryLogger,
    builtins?: 'all' | 'named',
  ): Promise<KernelHostOptions>;
}

/**
 * The test host of a table of built-in plugins: the repository's tests and kit use the full table's,
 * a kit of fewer built-ins its own.
 */
export function testHostStarter(table: BuiltinTable): TestHostStarter {
  const testHostSetup: TestHostStarter['testHostSetup'] = (options, listener, logger, builtins = 'all') =>
    setupWith(table, options, listener, logger, builtins);
  return {
    testHostSetup,
    async startTestHost(options) {
      const listener = recordingListener();
      const logger = memoryLogger();
      const host = await createHost(await testHostSetup(options, listener, logger, 'named'));
      return testHostOf(host, options, listener, logger);
    },
  };
}

/** What startTestHost resolves with: the host it built, read and driven through the kit's accessors. */
function testHostOf(host: Host, options: TestHostOptions, listener: RecordingListener, logger: MemoryLogger): TestHost {
  const resolver = host.services.resolver();
  const command = (name: string) => {
    const found = host.registry.commands.get(name);
    if (!found)
      throw new Error(
        `No plugin contributes the command "${name}" (loaded: ${[...host.registry.commands.keys()].join(', ') || 'none'})`,
      );
    return found;
  };
  return {
    host,
    config: host.config,
    stateDir: host.stateDir,
    plugins: host.registry.plugins.map(({ plugin, source, contributed }) => ({
      id: plugin.id,
      version: plugin.version,
      apiVersion: plugin.apiVersion,
      source,
      contributed: Object.fromEntries(contributed),
    })),
    listener,
    logger,
    connector: (nqlId) => host.connector(nqlId),
    contributions: (point) => host.registry.contributions(point),
    service: (ref) => resolver.optional(ref),
    run: (nqlId, runOptions) => host.run(nqlId, runOptions),
    check: (nqlId, checkOptions) => host.check(nqlId, checkOptions),
    logs: (nql) => (options.executionLog === false ? Promise.reject(new Error(LOG_OFF)) : queryLog(host, nql)),
    runCommand: async (name, args = []) =>
      runCapturedCommand(command(name), args, (text) => host.redactor.redact(text)),
    close: () => host.close(),
  };
}

const LOG_OFF = 'The execution log is switched off (executionLog: false): runs are not recorded';

/** testHostSetup with the table of built-ins `table`. */
async function setupWith(
  table: BuiltinTable,
  options: TestHostOptions,
  listener: RecordingListener,
  logger: MemoryLogger,
  builtins: 'all' | 'named',
): Promise<KernelHostOptions> {
  const plugins = [...(options.plugins ?? [])];
  if (!options.withoutBuiltins) {
    const cluster = typeof options.config === 'object' && options.config !== null && 'cluster' in options.config;
    const chosen =
      builtins === 'named' ? builtinsForTestHost(table, options.config) : builtinsToLoad(table, { cluster });
    const replaced = new Set(plugins.map((p) => p.id));
    plugins.unshift(...(await Promise.all(chosen.filter((entry) => !replaced.has(entry.id)).map(importBuiltin))));
  }
  plugins.push(kitPlugin(listener, options.executionLog !== false));
  return {
    builtins: table,
    config: options.config,
    plugins,
    // The loader still loads the table's built-ins enforcing the limits, unless a plugin here replaces them.
    withoutBuiltins: true,
    stateDir: options.stateDir ?? ':memory:',
    deferMappingErrors: options.deferMappingErrors,
    allowMissingSecrets: options.allowMissingSecrets,
    logger,
    http: options.http ?? testHttpClient(),
    env: options.env ?? {},
    cwd: options.cwd,
    controlPollMs: options.controlPollMs ?? TEST_CONTROL_POLL_MS,
  };
}

/** A test host's runs report themselves and look for decisions this often (ms). */
const TEST_CONTROL_POLL_MS = 50;

/** A log store that keeps nothing: `executionLog: false`. */
const discardingStore: ExecutionLogStore = {
  append: async () => undefined,
  query: async () => ({ columns: [], rows: [] }),
  connectors: async () => [],
  close: async () => undefined,
};

/** The kit's own plugin: the recording listener, and with the log switched off, a store that keeps nothing. */
function kitPlugin(listener: RecordingListener, recordLog: boolean): Plugin {
  return definePlugin({
    id: 'tributary-testing',
    version: '0.0.0',
    apiVersion: PLUGIN_API_VERSION,
    description: 'The test kit: records every run',
    register(env) {
      env.contribute(ExecutionListeners, listener);
      if (!recordLog) env.override(ExecutionLogStoreService, () => discardingStore);
    },
  });
}

async function queryLog(host: Host, nql = ''): Promise<LogEntry[]> {
  const command = host.registry.commands.get('logs');
  if (!command) throw new Error('The execution-log plugin is not loaded: there is no execution log to query');
  const { code, stdout, stderr } = await runCapturedCommand(
    command,
    [...(nql ? [nql] : []), '--format', 'json'],
    (text) => text,
  );
  if (code !== 0) throw new Error(`logs ${JSON.stringify(nql)} failed: ${stderr.trim()}`);
  return JSON.parse(stdout) as LogEntry[];
}
