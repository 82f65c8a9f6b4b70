import type { FieldMappingConfig, Plugin } from '../../core/index.js';

/**
 * The situations the conformance suite sets up, one per test (`setup` is told which). The fixtures serve
 * their normal answers in every scenario but these: `bad-credentials` (the `badCredentials` entry is
 * used), `failure` (every API request fails), `retry` (one API request after the first answers a 429 or
 * a 5xx, once) and `reauth` (one API request after the first answers 401, as for an expired session,
 * once; a fresh authentication is then accepted).
 */
export type ConformanceScenario =
  'load' | 'check' | 'bad-credentials' | 'read' | 'paging' | 'row-limit' | 'retry' | 'reauth' | 'cancel' | 'failure';

/** Every scenario, in the order the suite declares them. */
export const CONFORMANCE_SCENARIOS: readonly ConformanceScenario[] = [
  'load',
  'check',
  'bad-credentials',
  'read',
  'paging',
  'row-limit',
  'retry',
  'reauth',
  'cancel',
  'failure',
];

/**
 * The scenarios a connector may declare not applicable (`notApplicable`), because the situation they set
 * up cannot arise for some connectors: `bad-credentials` (a template that reads without credentials),
 * `retry` (a source with no rate limit or transient answer, e.g. no HTTP at all) and `reauth` (a static
 * token: no session expires). Every other scenario is mandatory: every connector is loaded, checked and
 * read, delivers pages, is handed a row limit and a cancellation signal, and has a source that can fail.
 */
export const NOT_APPLICABLE_SCENARIOS = [
  'bad-credentials',
  'retry',
  'reauth',
] as const satisfies readonly ConformanceScenario[];

/** A scenario that may be declared not applicable. */
type NotApplicableScenario = (typeof NOT_APPLICABLE_SCENARIOS)[number];

/** What a scenario's setup hands back. */
export interface ScenarioSetup {
  /**
   * Values the configuration callbacks may use, e.g. `{ url: server.url }`. They are also the environment
   * of `${NAME}` references: secrets must be written `clientSecret: '${MY_SECRET}'` in a config.
   */
  readonly vars?: Readonly<Record<string, string>>;
  /**
   * API requests the source has received so far, refused ones (a 429, a 401) included and token requests
   * not, when the setup can count them (a local server). The suite then checks that `details.api_calls`
   * equals it, and that the row limit stops the requests.
   */
  readonly requests?: () => number;
  readonly teardown?: () => void | Promise<void>;
}

/** A value or a function of the scenario's `vars`. */
export type PerScenario<T> = T | ((vars: Readonly<Record<string, string>>) => T);

export interface ConformanceOptions {
  /** Added to the suite's title, to tell two runs of one plugin apart (`recorded HTTP`). */
  readonly title?: string;
  /** Connector template to test; default: the only one the plugin contributes. */
  readonly template?: string;
  /** `connectors[].parameters` that read the fixture source. */
  readonly parameters: PerScenario<Record<string, unknown>>;
  /** A credentials entry (`{ id, name, type, … }`) the fixtures accept; omit for a template without credentials. */
  readonly credentials?: PerScenario<Record<string, unknown>>;
  /** The same entry with a wrong secret; the `bad-credentials` test is pending without it. */
  readonly badCredentials?: PerScenario<Record<string, unknown>>;
  /** JSONata identification of a record (`Username`, `user_name`). */
  readonly identification: string;
  readonly identifier?: 'upn' | 'email';
  /** Default: the identification mapped to a field `identifier`. */
  readonly fields?: readonly FieldMappingConfig[];
  /**
   * How many rows the fixture source holds, delivered in at least two pages (requests): the `paging`
   * tests check that `read` delivers exactly these, each once, and the `retry` and `reauth` tests that
   * a run still does.
   */
  readonly expectedRows: number;
  /** JSONata expression that tells two rows apart, for the no-duplicates test. Default: `identification`. */
  readonly rowKey?: string;
  /**
   * Row limit of the `row-limit` tests (default 1), below `expectedRows`. A run under it must end
   * `partial` (`Too many rows received`): announce the total (`context.expectRows`) or, without one,
   * say that more rows exist (`context.moreAvailable()`).
   */
  readonly rowLimit?: number;
  /** Prepares each scenario (nock scopes, a local server) and returns its vars and teardown. */
  readonly setup?: (scenario: ConformanceScenario) => ScenarioSetup | void | Promise<ScenarioSetup | void>;
  /** Other plugins to load (credential types…). Built-ins load unless `withoutBuiltins`. */
  readonly plugins?: readonly Plugin[];
  readonly withoutBuiltins?: boolean;
  /** For `${ENV}` references in the entries. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Scenarios to report as pending, for a gap in the fixtures to be closed (e.g. `failure` when the
   * fixtures cannot fail yet, `retry` and `reauth` over recorded HTTP without such recordings). For a
   * scenario that can never arise for this connector, use `notApplicable`. `bad-credentials` is pending
   * without `badCredentials` (when `credentials` are given).
   */
  readonly skip?: readonly ConformanceScenario[];
  /**
   * Scenarios that cannot arise for this connector, each with the reason, e.g.
   * `{ reauth: 'static API token: nothing expires' }`. Each is reported as one passing test,
   * `reauth: not applicable (static API token: nothing expires)`, and its setup is never called; `skip`
   * stays for temporary gaps (pending tests). Only `bad-credentials`, `retry` and `reauth` can be declared
   * (see {@link NOT_APPLICABLE_SCENARIOS}); a blank reason, another scenario or one also skipped is a
   * `ConfigError` when the suite is declared. Without `credentials`, `bad-credentials` and `reauth` are
   * not applicable anyway.
   */
  readonly notApplicable?: Readonly<Partial<Record<NotApplicableScenario, string>>>;
  /** Mocha timeout of each test, ms (default 20,000). */
  readonly timeoutMs?: number;
}

export const CONFORMANCE_NQL_ID = 'conformance';
export const CONFORMANCE_SINK_TYPE = 'conformance-recording';

const resolve = <T>(value: PerScenario<T>, vars: Readonly<Record<string, string>>): T =>
  typeof value === 'function' ? (value as (v: Readonly<Record<string, string>>) => T)(vars) : value;

/** The one-connector configuration of a scenario. */
export function conformanceConfig(
  options: ConformanceOptions,
  templateId: string,
  vars: Readonly<Record<string, string>>,
  bad = false,
  maxRowsPerSync?: number,
) {
  const entry = bad ? options.badCredentials : options.credentials;
  const credentials = entry === undefined ? undefined : resolve(entry, vars);
  return {
    ...(maxRowsPerSync === undefined ? {} : { limits: { maxRowsPerSync } }),
    credentials: credentials ? [credentials] : [],
    sinks: [{ id: 'out', type: CONFORMANCE_SINK_TYPE }],
    connectors: [
      {
        nqlId: CONFORMANCE_NQL_ID,
        name: 'Conformance',
        connector: templateId,
        ...(credentials ? { credentials: credentials['id'] } : {}),
        sink: 'out',
        parameters: resolve(options.parameters, vars),
        mapping: {
          identification: options.identification,
          identifier: options.identifier ?? 'upn',
          fields: options.fields ?? [{ source: options.identification, target: 'identifier' }],
        },
      },
    ],
  };
}
