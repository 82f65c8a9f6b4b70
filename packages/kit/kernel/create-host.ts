import { isAbsolute, resolve } from 'node:path';
import type { Container } from 'inversify';
import {
  ConfigError,
  ConfigProblemsError,
  ExecutionHistoryService,
  FatalError,
  Redactor,
  RunCoordinatorService,
  SyncStateStoreService,
  ChangeLedgerService,
  ControlStoreService,
  holdConfigOf,
  type ControlStore,
  type Notification,
  type ChangeLedger,
  type SyncStateStore,
  type ConnectorConfig,
  type ConnectorHistory,
  type RunCoordinator,
  type ConfigProblem,
  type Credential,
  type HostContext,
  type HttpClient,
  type Logger,
  type Plugin,
  type RunResult,
  type Sink,
  type TributaryConfig,
  type UserPreview,
  UserAttributeReaders,
  messageOf,
} from '../core/index.js';
import { renamedConnectorWarnings } from './config/renamed-connectors.js';
import { isUnderSecrets, secretsOf } from './config/secrets-of.js';
import { validateConfig } from './config/validate-config.js';
import { loadConfigFile, type ConfigSource, type LoadedConfigFile } from './load-host-config.js';
import { createLogger } from './logging/create-logger.js';
import type { BuiltinTable } from './plugins/builtin-table.js';
import { installLazyReflectMetadata } from './plugins/lazy-reflect-metadata.js';
import { loadPlugins, type LoadPluginsOptions } from './plugins/load-plugins.js';
import type { LoadedPlugins } from './plugins/loaded-plugins.js';
import type { PluginRegistry } from './plugins/plugin-registry.js';
import type { ServiceTable } from './plugins/service-table.js';
import { assertLimitsEnforced } from './run/assert-limits-enforced.js';
import type { CheckReport } from './run/check-connector.js';
import type { DescribeReport } from './run/describe-connector.js';
import { DEFAULT_LEDGER_RETENTION_DAYS } from './run/record-changes.js';
import { startTracing } from './tracing/start-tracing.js';
import type { TracingOptions } from './tracing/tracing-options.js';
import { openRunScope } from './run/run-scope.js';
import type { RunOptions } from './run/run-options.js';
import type { RunServices } from './run/run-services.js';
import {
  connectorControl,
  QUARANTINE_LOOKBACK,
  scheduledRunRefusal,
  type ConnectorControl,
  type ScheduledRunRefusal,
} from './connector-control.js';
import { outcomeNotices, runLink, type OutcomeFacts } from './outcome-notices.js';
import { queryableHistory, recentOutcomes } from './run-outcomes.js';
import type { Notifier } from './notify/notifier.js';

// The decorators of an API 1 plugin's classes find reflect-metadata on `Reflect` as they did when the
// host imported it; it is loaded only when one of its functions is first used.
installLazyReflectMetadata();

/** How often a run reports its progress and looks for a decision or a cancel request, by default. */
const DEFAULT_CONTROL_POLL_MS = 2_000;

export interface CreateHostOptions extends ConfigSource {
  /** Plugin objects to load besides the built-ins and the config's `plugins:`. */
  readonly plugins?: readonly Plugin[];
  readonly withoutBuiltins?: boolean;
  /**
   * Skip the built-in plugins that contribute only to serve's HTTP server (the console's routes, the
   * metrics): for a host that serves no HTTP, which then starts faster.
   */
  readonly withoutServerPlugins?: boolean;
  /** Overrides `state.dir`; `:memory:` keeps every embedded store in memory. */
  readonly stateDir?: string;
  readonly logger?: Logger;
  readonly http?: HttpClient;
  /**
   * Accept connectors whose JSONata does not compile: each of their runs fails with the compile
   * error (`run` and `serve`). Off by default: an invalid expression rejects the config.
   */
  readonly deferMappingErrors?: boolean;
  /** Shared with the CLI so that everything it prints is redacted too. */
  readonly redactor?: Redactor;
  /** How often a run reports its progress and looks for a decision or a cancel request (ms, default 2,000). */
  readonly controlPollMs?: number;
  /** Tracing set up by the program (a test's in-memory exporter), besides or instead of `tracing:`. */
  readonly tracing?: TracingOptions;
}

/** What the kernel builds a host from: the options, and the table of the built-in plugins it may load. */
export interface KernelHostOptions extends CreateHostOptions {
  /** The built-in plugins, in load order: the kernel knows none of its own. */
  readonly builtins: BuiltinTable;
}

export interface Host {
  readonly config: TributaryConfig;
  readonly registry: PluginRegistry;
  /** The services plugins provide and override (plugin API 2). */
  readonly services: ServiceTable;
  /**
   * @deprecated The inversify container of plugin API 1 modules; API 2 services are bound in it under
   * their ids. Made by the first read (loading inversify then) unless an API 1 plugin made it already.
   */
  readonly container: Container;
  readonly redactor: Redactor;
  readonly stateDir: string;
  readonly configPath: string | undefined;
  /** Where the host and its plugins log (runs, credentials, sinks). */
  readonly logger: Logger;
  /** Things worth saying that do not stop anything (a renamed NQL ID). */
  readonly warnings: readonly string[];
  /** In a cluster (`cluster:` in the config), what coordinates runs across hosts; undefined on one machine. */
  readonly coordinator: RunCoordinator | undefined;
  connector(nqlId: string): ConnectorConfig;
  /**
   * Runs one connector now; always resolves with the logged result. In a cluster the run holds the
   * connector's lease: the one given in `options.lease`, or one taken here (a `RUN_ALREADY_RUNNING`
   * error when another host holds it; `runNow` says who instead).
   */
  run(nqlId: string, options?: RunOptions): Promise<RunResult>;
  /** Authenticates, reads one page, tries the mapping; writes nothing. */
  check(nqlId: string, options?: { signal?: AbortSignal }): Promise<CheckReport>;
  /** One user through the connector, step by step (the only connector when `nqlId` is undefined); writes nothing, logs a dry run. */
  preview(nqlId: string | undefined, user: string, options?: { signal?: AbortSignal }): Promise<UserPreview>;
  /** The source's fields as the connector's template lists them, and the connector's fields they do not contain. */
  describe(nqlId: string, options?: { signal?: AbortSignal }): Promise<DescribeReport>;
  /** The change ledger (what each committed run changed); undefined when no plugin keeps one. */
  changeLedger(): ChangeLedger | undefined;
  /** Held runs, pauses, the audit trail, live reports and run log lines; undefined when no plugin keeps them. */
  controlStore(): ControlStore | undefined;
  /** Sends a notification to the `notify:` targets (in the background: `close` waits for it). */
  notify(notification: Notification): void;
  /** The connector's pause and quarantine. */
  control(nqlId: string): Promise<ConnectorControl>;
  /** Why a scheduled run of the connector does not start now (paused, quarantined); undefined: it starts. */
  refuseScheduledRun(nqlId: string, now: Date): Promise<ScheduledRunRefusal | undefined>;
  close(): Promise<void>;
}

/**
 * Builds a host: loads and validates the config, loads and validates every plugin (the built-ins of
 * `options.builtins` among them), and prepares the
 * configured credentials and sinks. Throws ConfigProblemsError (exit 2) before anything runs.
 */
export async function createHost(options: KernelHostOptions): Promise<Host> {
  const file = await loadConfigFile(options);
  const redactor = options.redactor ?? new Redactor();
  for (const s of file.substitutions.filter(isUnderSecrets)) for (const secret of secretsOf(s)) redactor.add(secret);
  const logger = options.logger ?? createLogger((line) => process.stderr.write(line), redactor);
  const stateDir = stateDirOf(options.stateDir ?? file.parsed.state.dir, file.baseDir);
  const addSecret = (value: string): void => redactor.add(value);

  const made = { logger, stateDir, configDir: file.baseDir, addSecret };
  let config: TributaryConfig = {
    ...file.parsed,
    state: { dir: stateDir },
    credentials: [],
    sinks: [],
    connectors: [],
  };
  const { retentionDays } = file.parsed.state;
  const hostContext = hostContextOf({ ...made, retentionDays, limits: file.parsed.limits }, () => config);
  const http = options.http ?? lazyHttpClient();
  const loaded = await after(file.pending, () =>
    loadPlugins({
      extra: file.parsed.plugins,
      baseDir: file.baseDir,
      hostContext,
      http,
      ...pluginChoice(options),
      cluster: file.parsed.cluster !== undefined,
    }),
  );
  const { container, registry, services: table, lifecycle } = loaded;
  const validated = await validatedAgainst(registry, file, options);
  for (const secret of validated.secrets) redactor.add(secret);
  config = { ...validated.config, state: { ...validated.config.state, dir: stateDir } };
  const warnings = await configWarnings(config, validated.unrunnable, registry, table, logger);

  const coordinator = table.resolver().optional<RunCoordinator>(RunCoordinatorService);
  const { credential, sink, sinks } = configuredInstances(config, registry, made);
  const connector = connectorLookup(config);
  const notifications = notifierOf(config, logger, redactor, http);
  const tracer = await startTracing(file.parsed.tracing, options.tracing, { ...made, redactor });
  const services = runServicesOf(loaded, config, tracer, {
    logger,
    redactor,
    credential,
    sink,
    notify: notifications.notify,
    controlPollMs: options.controlPollMs ?? DEFAULT_CONTROL_POLL_MS,
  });

  const facts = (nqlId: string): OutcomeFacts => outcomeFacts(table, services, config, nqlId);
  await lifecycle.start();
  return {
    config,
    registry,
    services: table,
    get container() {
      return container.get();
    },
    redactor,
    stateDir,
    configPath: file.filepath,
    logger,
    warnings,
    coordinator,
    connector,
    run: runner({ services, coordinator, registry, connector, notifications }, facts),
    ...sourceChecks(services, connector),
    preview: previewWith(services, registry, config, connector),
    changeLedger: services.changeLedger,
    controlStore: services.controlStore,
    notify: notifications.notify,
    ...controlOf(facts, services, config),
    async close() {
      await Promise.all([notifications.close(), tracer?.shutdown()]);
      for (const s of sinks.values()) await s.close?.();
      await lifecycle.close(logger);
      await container.close();
    },
  };
}

/** Which plugins load besides the config's `plugins:`, as the host options say. */
function pluginChoice(
  options: KernelHostOptions,
): Pick<LoadPluginsOptions, 'builtins' | 'inline' | 'withoutBuiltins' | 'withoutServerPlugins'> {
  const { builtins, plugins: inline, withoutBuiltins, withoutServerPlugins } = options;
  return { builtins, inline, withoutBuiltins, withoutServerPlugins };
}

/**
 * `Host.run`: the limits enforced, the run under its lease in a cluster, then the notices of its end
 * (failure, quarantine, recovery) sent.
 */
function runner(
  parts: {
    readonly services: RunServices;
    readonly coordinator: RunCoordinator | undefined;
    readonly registry: PluginRegistry;
    readonly connector: (nqlId: string) => ConnectorConfig;
    readonly notifications: Notifications;
  },
  facts: (nqlId: string) => OutcomeFacts,
): Host['run'] {
  const { services, coordinator, registry, connector, notifications } = parts;
  return async (nqlId, runOptions = {}) => {
    const entry = connector(nqlId);
    assertLimitsEnforced(registry);
    const result = await runWithLease(services, coordinator, entry, runOptions);
    for (const notice of await outcomeNotices(result, facts(entry.nqlId))) notifications.notify(notice);
    return result;
  };
}

/** The `notify:` targets as the host uses them: `notify` returns at once, `close` waits for what is under way. */
interface Notifications {
  notify(notification: Notification): void;
  close(): Promise<void>;
}

/**
 * The notifier of the `notify:` targets: it sends in the background and never rejects; a notification
 * about a run links to its page when `server.publicUrl` is set.
 */
function notifierOf(config: TributaryConfig, logger: Logger, redactor: Redactor, http: HttpClient): Notifications {
  const targets = config.notify ?? [];
  // The notifier (and the mail and HTTP libraries it uses) is imported with the first notification.
  let notifier: Promise<Notifier> | undefined;
  const opened = (): Promise<Notifier> =>
    (notifier ??= import('./notify/create-notifier.js').then(({ createNotifier }) =>
      createNotifier(targets, { logger, redact: (t) => redactor.redact(t), http }),
    ));
  const publicUrl = config.server?.publicUrl;
  const linked = (n: Notification): Notification =>
    publicUrl && n.runId && !n.link ? { ...n, link: runLink(publicUrl, n.runId) } : n;
  return {
    notify: (n) => {
      if (!targets.length) return;
      // Sending never fails a run: what could not even start is logged, as the notifier logs a failed send.
      opened()
        .then((made) => made.notify(linked(n)))
        .catch((error: unknown) => logger.error(`Notification not sent: ${messageOf(error)}`));
    },
    close: async () => (await notifier)?.close?.(),
  };
}

/** The host's HTTP client, its module (and the HTTP library under it) imported with the first request. */
function lazyHttpClient(): HttpClient {
  let client: Promise<HttpClient> | undefined;
  return {
    request: async (request) => {
      client ??= import('./http/create-http-client.js').then(({ createHttpClient }) => createHttpClient());
      return (await client).request(request);
    },
  };
}

/** A connector's pause and quarantine, and whether its scheduled run starts now. */
function controlOf(
  facts: (nqlId: string) => OutcomeFacts,
  services: RunServices,
  config: TributaryConfig,
): Pick<Host, 'control' | 'refuseScheduledRun'> {
  const control = async (nqlId: string): Promise<ConnectorControl> => {
    return connectorControl(nqlId, services.controlStore(), facts(nqlId).recent, config.quarantine);
  };
  return { control, refuseScheduledRun: async (nqlId, now) => scheduledRunRefusal(await control(nqlId), now) };
}

/** What the notifications of a connector's run are judged on: its newest runs in the log, its quarantine. */
function outcomeFacts(
  table: ServiceTable,
  services: RunServices,
  config: TributaryConfig,
  nqlId: string,
): OutcomeFacts {
  const history = queryableHistory(table);
  return {
    recent: async () => (history ? recentOutcomes(history, nqlId, QUARANTINE_LOOKBACK) : []),
    liftedAt: async () => services.controlStore()?.quarantineLiftedAt(nqlId),
    quarantine: config.quarantine,
    publicUrl: config.server?.publicUrl,
    logger: services.logger,
  };
}

/** What a run needs from this host, once its config is validated and its plugins loaded. */
function runServicesOf(
  loaded: LoadedPlugins,
  config: TributaryConfig,
  tracer: RunServices['tracer'],
  made: Pick<RunServices, 'logger' | 'credential' | 'sink' | 'notify' | 'controlPollMs'> & {
    readonly redactor: Redactor;
  },
): RunServices {
  const { registry, services: table } = loaded;
  return {
    limits: config.limits,
    logger: made.logger,
    credential: made.credential,
    sink: made.sink,
    openScope: (context) => openRunScope(loaded, context),
    redact: (text) => made.redactor.redact(text),
    template: (c) => registry.connectorTemplates.get(c.connector)!,
    credentialName: (id) => config.credentials.find((c) => c.id === id)?.name ?? id,
    syncState: () => table.resolver().optional<SyncStateStore>(SyncStateStoreService),
    changeLedger: () => table.resolver().optional<ChangeLedger>(ChangeLedgerService),
    reportsChanges: (id) => {
      const type = config.sinks.find((s) => s.id === id)?.type;
      return type !== undefined && registry.sinkTypes.get(type)?.reportsChanges === true;
    },
    ledgerRetentionDays: config.state.ledgerRetentionDays ?? DEFAULT_LEDGER_RETENTION_DAYS,
    controlStore: () => table.resolver().optional<ControlStore>(ControlStoreService),
    holdConfig: (c) => holdConfigOf(config.hold, c.hold),
    controlPollMs: made.controlPollMs,
    notify: made.notify,
    tracer,
  };
}

/** What asks a connector's source without reading it: `check` and `describe`. */
function sourceChecks(
  services: RunServices,
  connector: (nqlId: string) => ConnectorConfig,
): Pick<Host, 'check' | 'describe'> {
  // The run's modules are imported by the first command that reads a source.
  return {
    check: async (nqlId, options) => {
      const { checkConnector } = await import('./run/check-connector.js');
      return checkConnector(services, connector(nqlId), options?.signal);
    },
    describe: async (nqlId, options) => {
      const { describeConnector } = await import('./run/describe-connector.js');
      return describeConnector(services, connector(nqlId), options?.signal);
    },
  };
}

/** `Host.preview`: the limits enforced as for a run, the connector chosen, the sinks and their stores' readers at hand. */
function previewWith(
  services: RunServices,
  registry: PluginRegistry,
  config: TributaryConfig,
  lookup: (nqlId: string) => ConnectorConfig,
): Host['preview'] {
  return async (nqlId, user, options) => {
    assertLimitsEnforced(registry);
    const [{ connectorToPreview }, { previewUser }] = await Promise.all([
      import('./run/connector-to-preview.js'),
      import('./run/preview-user.js'),
    ]);
    const entry = connectorToPreview(config.connectors, lookup, nqlId);
    const readers = registry.contributions(UserAttributeReaders);
    return previewUser(services, entry, user, { signal: options?.signal, sinks: config.sinks, readers });
  };
}

/** `state.dir` as an absolute path (relative to the config file's folder), or `:memory:`. */
function stateDirOf(setting: string, configDir: string): string {
  return setting === ':memory:' || isAbsolute(setting) ? setting : resolve(configDir, setting);
}

/** The config validated against the loaded plugins; the problems of the earlier passes first in what it throws. */
async function validatedAgainst(registry: PluginRegistry, file: LoadedConfigFile, options: CreateHostOptions) {
  // Entries whose references are pending are skipped here: their problem is reported already.
  const allowMissingSecrets = options.allowMissingSecrets || file.pending.length > 0;
  const validated = await after(file.pending, () =>
    validateConfig(file.parsed, registry, file.substitutions, {
      deferMappingErrors: options.deferMappingErrors,
      allowMissingSecrets,
    }),
  );
  if (file.pending.length) throw new ConfigProblemsError(file.pending);
  return validated;
}

/** Logs what does not stop the host: renamed NQL IDs (returned) and connectors whose runs will fail. */
async function configWarnings(
  config: TributaryConfig,
  unrunnable: readonly ConfigProblem[],
  registry: PluginRegistry,
  table: ServiceTable,
  logger: Logger,
): Promise<readonly string[]> {
  const history = await readHistory(table, logger);
  const warnings = renamedConnectorWarnings(config, history, (id) => registry.connectorTemplates.get(id)?.displayName);
  for (const warning of warnings) logger.warn(warning);
  for (const problem of unrunnable)
    logger.warn(`${problem.path}: ${problem.message} (this connector's runs will fail)`);
  return warnings;
}

/** What plugins get as `HostContextService`: its `config` is the validated one once it is (an empty one while plugins load). */
function hostContextOf(base: Omit<HostContext, 'config'>, config: () => TributaryConfig): HostContext {
  return {
    ...base,
    get config() {
      return config();
    },
  };
}

/** A configured connector by NQL ID (`CONFIG_UNKNOWN_CONNECTOR` naming the configured ones otherwise). */
function connectorLookup(config: TributaryConfig): (nqlId: string) => ConnectorConfig {
  return (nqlId) => {
    const found = config.connectors.find((c) => c.nqlId === nqlId);
    if (!found) {
      throw new ConfigError(
        'CONFIG_UNKNOWN_CONNECTOR',
        `No connector with nqlId "${nqlId}" (configured: ${config.connectors.map((c) => c.nqlId).join(', ') || 'none'})`,
      );
    }
    return found;
  };
}

/** Runs a connector; in a cluster under the lease given in `options`, or one taken here (`RUN_ALREADY_RUNNING` when another host holds it). */
async function runWithLease(
  services: RunServices,
  coordinator: RunCoordinator | undefined,
  entry: ConnectorConfig,
  options: RunOptions,
): Promise<RunResult> {
  // The run's modules (reading, mapping, committing) are imported by the first run.
  const { runConnector } = await import('./run/run-connector.js');
  if (!coordinator || options.lease) return runConnector(services, entry, options);
  const outcome = await coordinator.acquire(entry.nqlId, options.scheduledFor);
  if (!outcome.lease) {
    const by = outcome.heldBy
      ? ` on ${outcome.heldBy.host} (run ${outcome.heldBy.runId} since ${outcome.heldBy.since.toISOString()})`
      : '';
    throw new FatalError('RUN_ALREADY_RUNNING', `${entry.nqlId} is already running${by}`);
  }
  try {
    return await runConnector(services, entry, { ...options, lease: outcome.lease });
  } finally {
    await outcome.lease.release();
  }
}

/** The configured credentials and sinks, each made from its entry by its type on first use and kept for the host's life. */
function configuredInstances(
  config: TributaryConfig,
  registry: PluginRegistry,
  context: {
    readonly logger: Logger;
    readonly stateDir: string;
    readonly configDir: string;
    readonly addSecret: (value: string) => void;
  },
) {
  const { logger, addSecret } = context;
  const credentials = new Map<string, Credential>();
  const credential = (id: string): Credential =>
    instanceOf(credentials, id, config.credentials, 'CONFIG_UNKNOWN_CREDENTIALS', 'credentials', (entry) =>
      registry.credentialTypes.get(entry.type)!.create(entry, { logger, addSecret }),
    );
  const sinks = new Map<string, Sink>();
  const sink = (id: string): Sink =>
    instanceOf(sinks, id, config.sinks, 'CONFIG_UNKNOWN_SINK', 'sink', (entry) =>
      registry.sinkTypes.get(entry.type)!.create(entry, { ...context, credential }),
    );
  return { credential, sink, sinks };
}

/** The connectors that ran, for the renamed-NQL-ID warning; a log that cannot be read (a database down) only costs the warning. */
async function readHistory(services: ServiceTable, logger: Logger): Promise<readonly ConnectorHistory[]> {
  const history = services.resolver().optional(ExecutionHistoryService);
  if (!history) return [];
  try {
    return await history.connectors();
  } catch (error) {
    logger.warn(`Could not read the execution history (renamed NQL IDs are not checked): ${messageOf(error)}`);
    return [];
  }
}

/** Runs a later validation pass; the problems an earlier pass left pending come first in what it throws. */
async function after<T>(pending: readonly ConfigProblem[], pass: () => T | Promise<T>): Promise<T> {
  try {
    return await pass();
  } catch (error) {
    if (pending.length && error instanceof ConfigProblemsError)
      throw new ConfigProblemsError([...pending, ...error.problems]);
    throw error;
  }
}

/** The instance configured under `id`, created from its entry on first use and kept for the host's life. */
function instanceOf<E extends { readonly id: string }, T>(
  cache: Map<string, T>,
  id: string,
  entries: readonly E[],
  code: string,
  what: string,
  create: (entry: E) => T,
): T {
  let instance = cache.get(id);
  if (!instance) {
    const entry = entries.find((e) => e.id === id);
    if (!entry) throw new ConfigError(code, `No ${what} with id "${id}"`);
    instance = create(entry);
    cache.set(id, instance);
  }
  return instance;
}
