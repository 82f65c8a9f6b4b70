import { closestName, ConfigError } from '../../core/index.js';
import {
  CONFORMANCE_SCENARIOS,
  NOT_APPLICABLE_SCENARIOS,
  type ConformanceOptions,
  type ConformanceScenario,
} from './conformance-options.js';

/** The reasons given when the suite is declared without credentials. */
const WITHOUT_CREDENTIALS: Readonly<Record<'bad-credentials' | 'reauth', string>> = {
  'bad-credentials': 'the connector is tested without credentials: there are none to get wrong',
  reauth: 'the connector is tested without credentials: there is no session to renew',
};

const declarable: readonly string[] = NOT_APPLICABLE_SCENARIOS;
const listed = (names: readonly string[]): string => names.join(', ');

/** The usage error of one `notApplicable` entry, or undefined when it is a declarable scenario with a reason. */
function entryProblem(name: string, reason: unknown, options: ConformanceOptions): ConfigError | undefined {
  if (!(CONFORMANCE_SCENARIOS as readonly string[]).includes(name)) {
    const near = closestName(name, CONFORMANCE_SCENARIOS);
    return new ConfigError(
      'CONFORMANCE_UNKNOWN_SCENARIO',
      `notApplicable names "${name}", which is no conformance scenario${near ? ` (did you mean "${near}"?)` : ''}: ` +
        `the scenarios that can be declared not applicable are ${listed(declarable)}`,
    );
  }
  if (!declarable.includes(name))
    return new ConfigError(
      'CONFORMANCE_SCENARIO_MANDATORY',
      `the "${name}" scenario cannot be declared not applicable: every connector must pass it ` +
        `(only ${listed(declarable)} can be declared not applicable)`,
    );
  if (typeof reason !== 'string' || reason.trim() === '')
    return new ConfigError(
      'CONFORMANCE_NOT_APPLICABLE_WITHOUT_REASON',
      `notApplicable.${name} needs a reason: say why the scenario cannot arise for this connector ` +
        `(e.g. { reauth: 'static API token: nothing expires' })`,
    );
  if (options.skip?.includes(name as ConformanceScenario))
    return new ConfigError(
      'CONFORMANCE_SKIPPED_AND_NOT_APPLICABLE',
      `the "${name}" scenario is both skipped and declared not applicable: keep notApplicable when it can never ` +
        'arise for this connector, skip when the fixtures cannot produce it yet',
    );
  return undefined;
}

/**
 * The scenarios the suite reports as not applicable, with their reasons: the `notApplicable` option, and
 * `bad-credentials` and `reauth` when the suite runs without credentials. Throws a `ConfigError` for a
 * scenario that cannot be declared not applicable, a blank reason, or a scenario also skipped.
 */
export function notApplicableScenarios(options: ConformanceOptions): ReadonlyMap<ConformanceScenario, string> {
  const reasons = new Map<ConformanceScenario, string>();
  if (options.credentials === undefined) {
    reasons.set('reauth', WITHOUT_CREDENTIALS.reauth);
    if (options.badCredentials === undefined) reasons.set('bad-credentials', WITHOUT_CREDENTIALS['bad-credentials']);
  }
  for (const [name, reason] of Object.entries(options.notApplicable ?? {})) {
    if (reason === undefined) continue; // `{ reauth: staticToken ? '…' : undefined }` declares nothing
    const problem = entryProblem(name, reason, options);
    if (problem) throw problem;
    reasons.set(name as ConformanceScenario, (reason as string).trim());
  }
  return reasons;
}

/** The title of the passing test that stands for a scenario declared not applicable. */
export function notApplicableTitle(scenario: ConformanceScenario, reason: string): string {
  return `${scenario}: not applicable (${reason})`;
}
