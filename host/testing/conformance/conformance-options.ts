import type { FieldMappingConfig, Plugin } from '../../../core/index.js';

/**
 * The situations the conformance suite sets up, one per test (`setup` is told which). The fixtures serve
 * their normal answers in every scenario but these: `bad-credentials` (the `badCredentials` entry is
 * used), `failure` (every API request fails), `retry` (one API request after the first answers a 429 or
 * a 5xx, once) and `reauth` (one API request after the first answers 401, as for an expired session,
 * once; a fresh authentication is then accepted).
 */
export type ConformanceScenario =
  'load' | 'check' | 'bad-credentials' | 'read' | 'paging' | 'row-limit' | 'retry' | 'reauth' | 'cancel' | 'failure';

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
   * Scenarios to report as pending (e.g. `failure` when the fixtures cannot fail, `retry` and `reauth`
   * over recorded HTTP without such recordings). `reauth` is pending anyway without `credentials`.
   */
  readonly skip?: readonly ConformanceScenario[];
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
