/**
 * What the plugin API guard records: the package entries plugins import, and the interfaces of each
 * whose properties matter to plugins, with the side of the contract plugins stand on.
 */

/** The package entries plugin authors import, each with its source file (relative to the repository). */
export const PLUGIN_API_ENTRIES = {
  'tributary-host/core': 'core.ts',
  'tributary-host/testing': 'testing.ts',
} as const;

export type PluginApiEntry = keyof typeof PLUGIN_API_ENTRIES;

/**
 * Which side of an interface plugins stand on, which decides what breaks them:
 * - `implemented`: plugins write the object (a template, a sink, options they pass): a new required
 *   property, an optional one made required, or a removed one (object literals name it) breaks them;
 * - `received`: the host or the kit hands it to plugin code, which reads or calls it: a removed
 *   property, or a required one made optional, breaks them;
 * - `both`: every change but a new optional property breaks one side or the other.
 */
export type ContractRole = 'implemented' | 'received' | 'both';

/** The recorded interfaces, by entry and exported name. Add one here and re-record to guard it. */
export const PLUGIN_API_CONTRACTS: Readonly<Record<PluginApiEntry, Readonly<Record<string, ContractRole>>>> = {
  'tributary-host/core': {
    // The manifest and what register(env) works with.
    PluginManifest: 'implemented',
    PluginEnv: 'received',
    Services: 'received',
    ContributeOptions: 'implemented',
    ExtensionPointOptions: 'implemented',
    // Connector templates.
    ConnectorTemplate: 'implemented',
    ConnectorContext: 'received',
    CheckResult: 'implemented',
    RecordBatch: 'implemented',
    SourceField: 'implemented',
    SelectedFields: 'implemented',
    RecordMatch: 'received',
    // Credentials: credential types write them, connectors and sinks use them.
    CredentialType: 'implemented',
    CredentialContext: 'received',
    Credential: 'both',
    AuthRequest: 'both',
    AuthSession: 'both',
    // Sinks.
    SinkType: 'implemented',
    SinkContext: 'received',
    Sink: 'implemented',
    SinkRunContext: 'received',
    SinkRun: 'implemented',
    SinkCommitResult: 'implemented',
    // Listeners, commands, routes, readers.
    ExecutionListener: 'implemented',
    RunDraft: 'received',
    RowBatch: 'received',
    RunControl: 'received',
    RunContext: 'received',
    CliCommand: 'implemented',
    CommandArgs: 'received',
    CommandIo: 'received',
    HttpRoute: 'implemented',
    RouteRequest: 'received',
    RouteReply: 'received',
    UserAttributeReader: 'implemented',
    // Host services plugins call.
    HostContext: 'received',
    HttpClient: 'received',
    HttpRequest: 'implemented',
    HttpResponse: 'received',
    Logger: 'received',
    // Services a plugin may provide or override (the kit has contract suites for several).
    ExecutionLogStore: 'implemented',
    BaselineStore: 'implemented',
    RunCoordinator: 'implemented',
    SyncStateStore: 'implemented',
    ChangeLedger: 'implemented',
    ControlStore: 'implemented',
    // Errors plugins throw.
    TributaryErrorOptions: 'implemented',
    ConfigProblem: 'implemented',
  },
  'tributary-host/testing': {
    ConformanceOptions: 'implemented',
    ScenarioSetup: 'implemented',
    TestHostOptions: 'implemented',
    TestHost: 'received',
    TestPluginContributions: 'implemented',
    TestHttpClientOptions: 'implemented',
    RecordingSinkOptions: 'implemented',
    FakeCredentialOptions: 'implemented',
    SyntheticConnectorOptions: 'implemented',
    RecordedHttpOptions: 'implemented',
    RecordedHttp: 'received',
    ScrubOptions: 'implemented',
    LocalServerOptions: 'implemented',
    TestServerOptions: 'implemented',
    ScriptedAnswer: 'implemented',
    ScriptedFault: 'implemented',
    ScriptedServer: 'received',
    CliRunOptions: 'implemented',
    CliRun: 'received',
    DirectOptions: 'implemented',
    CredentialDirectlyOptions: 'implemented',
    DirectRead: 'received',
    DirectConnector: 'received',
    SyncStateStoreFixture: 'implemented',
    ChangeLedgerFixture: 'implemented',
    ControlStoreFixture: 'implemented',
    SinkChangesFixture: 'implemented',
  },
};
