import * as v from 'valibot';
import { syncProblems } from './sync-problems.js';
import {
  ConfigProblemsError,
  type ConfigProblem,
  type ConnectorConfig,
  type ConnectorTemplate,
  type CredentialConfig,
  type SinkConfig,
  type TributaryConfig,
} from '../../core/index.js';
import { mappingPlanOf } from '../mapping/mapping-plan-of.js';
import { DEFAULT_SINK_TYPE } from '../plugins/builtin-table.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { scheduleProblems } from '../schedule/schedule-problems.js';
import { notifyProblems } from './notify-problems.js';
import { serverProblems } from './server-settings.js';

/** Where operator tokens are: `server.token` and each of `server.tokens`. */
const OPERATOR_TOKEN_PATH = /^server\.(token|tokens\[\d+\]\.token)$/;
import type { ParsedConfig } from './config-schema.js';
import { toProblems } from './issue-path.js';
import { isUnderSecrets, secretsOf } from './secrets-of.js';
import type { Substitution } from './substitute-secrets.js';

/** The embedded default sink, used when the config declares none. */
const DEFAULT_SINK: SinkConfig = Object.freeze({ id: 'users', type: DEFAULT_SINK_TYPE });
/** In a cluster, the store every host can reach. */
const DEFAULT_CLUSTER_SINK: SinkConfig = Object.freeze({ id: 'users', type: 'postgres' });

export interface ValidatedConfig {
  readonly config: TributaryConfig;
  /** Values to redact: substituted into secret fields or anywhere under credentials and sinks (of URLs, their userinfo and query values). */
  readonly secrets: string[];
  /** With `deferMappingErrors`: the invalid expressions, whose connectors fail when they run. */
  readonly unrunnable: ConfigProblem[];
}

/** True when a `${…}` reference was left in the entry (see `allowMissingSecrets`). */
function unresolved(entry: object): boolean {
  return JSON.stringify(entry).includes('${');
}

function duplicates(ids: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return dup;
}

function known(names: Iterable<string>): string {
  const list = [...names];
  return list.length ? list.join(', ') : 'none';
}

function prefixed(problems: readonly ConfigProblem[], prefix: string): ConfigProblem[] {
  return problems.map((p) => ({ path: p.path ? `${prefix}.${p.path}` : prefix, message: p.message }));
}

type ValidateOptions = { deferMappingErrors?: boolean; allowMissingSecrets?: boolean };

/** What each section's pass reads, and where it reports. */
interface Pass {
  readonly parsed: ParsedConfig;
  readonly registry: PluginRegistry;
  readonly options: ValidateOptions;
  readonly substitutedAt: ReadonlyMap<string, string>;
  readonly problems: ConfigProblem[];
  readonly secrets: Set<string>;
}

/** Each credential against its type's schema; its secret fields must come from a substitution. */
function validateCredential(
  pass: Pass,
  entry: ParsedConfig['credentials'][number],
  path: string,
): CredentialConfig | undefined {
  const { registry, problems, secrets, substitutedAt, options } = pass;
  const type = registry.credentialTypes.get(entry.type);
  if (!type) {
    problems.push({
      path: `${path}.type`,
      message: `unknown credential type "${entry.type}" (known: ${known(registry.credentialTypes.keys())})`,
    });
    return undefined;
  }
  for (const field of type.secretFields) {
    const value = (entry as Record<string, unknown>)[field];
    if (typeof value !== 'string') continue;
    if (substitutedAt.has(`${path}.${field}`)) secrets.add(value);
    else if (value.includes('${'))
      continue; // left unresolved on purpose (read-only command)
    else
      problems.push({
        path: `${path}.${field}`,
        message: `is a secret and is never written in the file: use \${ENV_NAME} or \${file:path}`,
      });
  }
  // A read-only command left a reference unresolved: the entry is never used to authenticate.
  if (options.allowMissingSecrets && unresolved(entry)) return { name: entry.id, ...entry } as CredentialConfig;
  const result = v.safeParse(type.schema, { name: entry.id, ...entry });
  if (!result.success) return void problems.push(...toProblems(result.issues, path, type.schema));
  return result.output;
}

/** Each sink against its type's schema and its own check; host-local types are refused in a cluster. */
function validateSink(
  pass: Pass,
  entry: SinkConfig,
  path: string,
  credentials: readonly CredentialConfig[],
): SinkConfig | undefined {
  const { parsed, registry, problems, options } = pass;
  const type = registry.sinkTypes.get(entry.type);
  if (!type && !parsed.sinks.length) {
    // The config declares no sink, and no plugin loaded contributes the default one (a test host of the
    // kit alone, whose built-ins have no sink): say so, rather than point at an entry nobody wrote.
    problems.push({
      path: 'sinks',
      message: `declares no sink, and the default sink type "${entry.type}" is not loaded: declare a sink (known types: ${known(registry.sinkTypes.keys())})`,
    });
    return undefined;
  }
  if (!type) {
    problems.push({
      path: `${path}.type`,
      message: `unknown sink type "${entry.type}" (known: ${known(registry.sinkTypes.keys())})`,
    });
    return undefined;
  }
  if (parsed.cluster && type.hostLocal) {
    problems.push({
      path: `${path}.type`,
      message: `a ${entry.type} sink keeps its data on one machine, and in a cluster (cluster:) each run may land on any host: use a postgres sink`,
    });
  }
  const ref = (entry as Record<string, unknown>)['credentials'];
  const credentialEntry = typeof ref === 'string' ? parsed.credentials.find((c) => c.id === ref) : undefined;
  if (typeof ref === 'string' && !credentialEntry) {
    problems.push({
      path: `${path}.credentials`,
      message: `names credentials "${ref}", which are not defined (defined: ${known(parsed.credentials.map((c) => c.id))})`,
    });
  }
  if (options.allowMissingSecrets && unresolved(entry)) return entry;
  const result = v.safeParse(type.schema, entry);
  if (!result.success) return void problems.push(...toProblems(result.issues, path, type.schema));
  // Against the entry as its type validated it; skipped, like that schema, when a read-only command left it unresolved.
  const credential = credentials.find((c) => c.id === ref);
  if (type.validate && !(credential && options.allowMissingSecrets && unresolved(credential))) {
    problems.push(...prefixed(type.validate(result.output, credential), path));
  }
  return result.output;
}

/** A connector's credentials reference against its template. */
function credentialReferenceProblems(
  pass: Pass,
  entry: ParsedConfig['connectors'][number],
  path: string,
  template: ConnectorTemplate | undefined,
): ConfigProblem[] {
  const credentialEntry = entry.credentials
    ? pass.parsed.credentials.find((c) => c.id === entry.credentials)
    : undefined;
  if (entry.credentials && !credentialEntry) {
    return [
      {
        path: `${path}.credentials`,
        message: `names credentials "${entry.credentials}", which are not defined (defined: ${known(pass.parsed.credentials.map((c) => c.id))})`,
      },
    ];
  }
  if (template && template.credentialTypes.length && !template.credentialsOptional && !entry.credentials) {
    return [
      {
        path: `${path}.credentials`,
        message: `is required: "${template.id}" authenticates with ${template.credentialTypes.join(', ')}`,
      },
    ];
  }
  if (template && credentialEntry && !template.credentialTypes.includes(credentialEntry.type)) {
    return [
      {
        path: `${path}.credentials`,
        message: `"${credentialEntry.id}" is of type ${credentialEntry.type}; "${template.id}" accepts ${known(template.credentialTypes)}`,
      },
    ];
  }
  return [];
}

/**
 * The connector's mapping compiled into its plan, once: the runs of this config reuse it. At run time
 * an invalid expression fails that connector's run only (its run logs it): with `deferMappingErrors`
 * its problems go to `unrunnable`.
 */
function mappingProblems(pass: Pass, connector: ConnectorConfig, path: string, unrunnable: ConfigProblem[]): void {
  try {
    mappingPlanOf(connector.mapping);
  } catch (error) {
    if (!(error instanceof ConfigProblemsError)) throw error;
    (pass.options.deferMappingErrors ? unrunnable : pass.problems).push(...prefixed(error.problems, path));
  }
}

/** A connector: its template, references, parameters, mapping and the checks of its template and sink. */
function validateConnector(
  pass: Pass,
  entry: ParsedConfig['connectors'][number],
  path: string,
  sinkEntries: readonly SinkConfig[],
  unrunnable: ConfigProblem[],
): ConnectorConfig {
  const { registry, problems } = pass;
  const before = problems.length;
  const template = registry.connectorTemplates.get(entry.connector);
  if (!template) {
    problems.push({
      path: `${path}.connector`,
      message: `unknown connector template "${entry.connector}" (known: ${known(registry.connectorTemplates.keys())})`,
    });
  }
  problems.push(...credentialReferenceProblems(pass, entry, path, template));
  const sinkId = entry.sink ?? (sinkEntries.length === 1 ? sinkEntries[0]!.id : undefined);
  const sinkEntry = sinkEntries.find((s) => s.id === sinkId);
  if (!sinkId)
    problems.push({
      path: `${path}.sink`,
      message: `is required when several sinks are defined (${known(sinkEntries.map((s) => s.id))})`,
    });
  else if (!sinkEntry)
    problems.push({
      path: `${path}.sink`,
      message: `names sink "${sinkId}", which is not defined (defined: ${known(sinkEntries.map((s) => s.id))})`,
    });

  let parameters: Record<string, unknown> = entry.parameters;
  if (template) {
    const result = v.safeParse(template.parameters, entry.parameters);
    if (!result.success) problems.push(...toProblems(result.issues, `${path}.parameters`, template.parameters));
    else parameters = result.output as Record<string, unknown>;
  }
  const connector: ConnectorConfig = { ...entry, sink: sinkId ?? '', parameters };
  mappingProblems(pass, connector, path, unrunnable);
  if (template?.validate && problems.length === before) {
    const credentialEntry = entry.credentials
      ? pass.parsed.credentials.find((c) => c.id === entry.credentials)
      : undefined;
    problems.push(...prefixed(template.validate(connector, credentialEntry as CredentialConfig | undefined), path));
  }
  const sinkType = sinkEntry ? registry.sinkTypes.get(sinkEntry.type) : undefined;
  if (sinkType?.validateConnector && sinkEntry)
    problems.push(...prefixed(sinkType.validateConnector(connector, sinkEntry), path));
  problems.push(...prefixed(syncProblems(connector, template, sinkType), path));
  return connector;
}

/** Entries of one section whose ids repeat. */
function duplicateProblems(ids: readonly string[], path: string, what: (id: string) => string): ConfigProblem[] {
  return [...duplicates(ids)].map((id) => ({ path, message: what(id) }));
}

/**
 * The second pass, once the plugins are known: each credential, sink and connector against the schema
 * of its type, cross references, template and sink checks, and every mapping compiled into its plan.
 * Throws one ConfigProblemsError with every problem.
 */
export function validateConfig(
  parsed: ParsedConfig,
  registry: PluginRegistry,
  substitutions: readonly Substitution[],
  options: ValidateOptions = {},
): ValidatedConfig {
  const substitutedAt = new Map(substitutions.map((s) => [s.path, s.value]));
  const pass: Pass = { parsed, registry, options, substitutedAt, problems: [], secrets: new Set<string>() };
  const { problems, secrets } = pass;
  const sameId = (id: string): string => `the id "${id}" is used by more than one entry`;

  problems.push(
    ...duplicateProblems(
      parsed.credentials.map((c) => c.id),
      'credentials',
      sameId,
    ),
  );
  const credentials = parsed.credentials.flatMap(
    (entry, i) => validateCredential(pass, entry, `credentials[${i}]`) ?? [],
  );
  for (const s of substitutions.filter(isUnderSecrets)) for (const secret of secretsOf(s)) secrets.add(secret);

  const sinkEntries = parsed.sinks.length ? parsed.sinks : [parsed.cluster ? DEFAULT_CLUSTER_SINK : DEFAULT_SINK];
  problems.push(
    ...duplicateProblems(
      sinkEntries.map((s) => s.id),
      'sinks',
      sameId,
    ),
  );
  const sinks = sinkEntries.flatMap((entry, i) => validateSink(pass, entry, `sinks[${i}]`, credentials) ?? []);

  const unrunnable: ConfigProblem[] = [];
  problems.push(
    ...duplicateProblems(
      parsed.connectors.map((c) => c.nqlId),
      'connectors',
      (id) => `the nqlId "${id}" is used by more than one connector; NQL IDs must be unique`,
    ),
  );
  const connectors = parsed.connectors.map((entry, i) =>
    validateConnector(pass, entry, `connectors[${i}]`, sinkEntries, unrunnable),
  );

  problems.push(
    ...scheduleProblems(connectors),
    ...serverProblems(parsed.server, substitutedAt),
    ...notifyProblems(parsed.notify, substitutedAt),
  );
  for (const [path, value] of substitutedAt) if (OPERATOR_TOKEN_PATH.test(path)) secrets.add(value);
  if (problems.length) throw new ConfigProblemsError(problems);
  return {
    config: {
      ...parsed,
      credentials,
      sinks,
      connectors,
      state: {
        dir: parsed.state.dir,
        retentionDays: parsed.state.retentionDays,
        ledgerRetentionDays: parsed.state.ledgerRetentionDays,
        access: parsed.state.access,
      },
    },
    secrets: [...secrets],
    unrunnable,
  };
}
