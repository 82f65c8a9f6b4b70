import * as v from 'valibot';
import {
  ConfigError,
  type ConfigProblem,
  type CredentialConfig,
  type HttpClient,
  type Sink,
  type SinkContext,
  type SinkRunContext,
  type SinkType,
} from 'tributary-kit';
import { EnrichmentRun } from './enrichment-run.js';
import { openEnrichmentSpool } from './enrichment-spool.js';
import { nexthinkCredentialProblems } from './nexthink-credential.js';
import { nexthinkTokenUrl } from './nexthink-urls.js';
import { SessionHolder } from './session-holder.js';

/** The safe request size used by Nexthink's SDKs (the API itself accepts up to 10,000). */
const MAX_BATCH_SIZE = 5000;

const enrichmentSinkSchema = v.strictObject({
  id: v.pipe(v.string(), v.nonEmpty('The sink id must not be empty')),
  type: v.literal('nexthink-enrichment'),
  /** Id of an `oauth2-client-credentials` entry whose `url` is the API base. */
  credentials: v.pipe(v.string(), v.nonEmpty('Name the credentials entry of the Nexthink API credential')),
  /** Enrichment domain; default: the connector's NQL ID. */
  domain: v.optional(v.pipe(v.string(), v.nonEmpty('The domain must not be empty'))),
  batchSize: v.optional(
    v.pipe(
      v.number(),
      v.integer('batchSize must be an integer'),
      v.minValue(1),
      v.maxValue(MAX_BATCH_SIZE, `batchSize must be at most ${MAX_BATCH_SIZE}`),
    ),
    MAX_BATCH_SIZE,
  ),
  maxInFlight: v.optional(
    v.pipe(v.number(), v.integer('maxInFlight must be an integer'), v.minValue(1), v.maxValue(16)),
    2,
  ),
});

export type EnrichmentSinkConfig = v.InferOutput<typeof enrichmentSinkSchema>;

export interface EnrichmentSinkDependencies {
  readonly http: HttpClient;
  /** A credentials entry by id: its `url` (the API base) gives the default token URL. */
  readonly credentialEntry: (credentialId: string) => CredentialConfig | undefined;
}

const EMAIL_REFUSED =
  'The Nexthink Enrichment API identifies users by UPN, SID or UID only, not by email address: use identifier: upn with a UPN identification';

/**
 * Writes custom fields through the Nexthink Enrichment API (`type: nexthink-enrichment`). A change read
 * sends what it is written (the changed users); a commit plan's removed users get their mapped fields
 * cleared, its retained ones need nothing (the API keeps what it holds).
 */
export function createEnrichmentSinkType(deps: EnrichmentSinkDependencies): SinkType<EnrichmentSinkConfig> {
  return {
    type: 'nexthink-enrichment',
    displayName: 'Nexthink Enrichment API',
    appliesChanges: true,
    schema: enrichmentSinkSchema,
    validateConnector(connector): readonly ConfigProblem[] {
      return connector.mapping.identifier === 'email' ? [{ path: 'mapping.identifier', message: EMAIL_REFUSED }] : [];
    },
    validate(_sink, credential): readonly ConfigProblem[] {
      return nexthinkCredentialProblems(credential);
    },
    create(config: EnrichmentSinkConfig, context: SinkContext): Sink {
      return {
        id: config.id,
        async open(run: SinkRunContext) {
          if (run.connector.mapping.identifier === 'email')
            throw new ConfigError('NEXTHINK_EMAIL_IDENTIFIER', EMAIL_REFUSED);
          const entry = deps.credentialEntry(config.credentials);
          const [problem] = nexthinkCredentialProblems(entry);
          if (problem) throw new ConfigError('NEXTHINK_CREDENTIAL', `Sink "${config.id}": ${problem.message}`);
          const sessions = new SessionHolder(context.credential(config.credentials), {
            defaultTokenUrl: nexthinkTokenUrl(entry?.['url']),
            clientAuthentication: 'basic',
            scope: 'service:integration',
            signal: run.signal,
          });
          return new EnrichmentRun({
            http: deps.http,
            sessions,
            domain: config.domain ?? run.connector.nqlId,
            batchSize: config.batchSize ?? MAX_BATCH_SIZE,
            maxInFlight: config.maxInFlight ?? 2,
            signal: run.signal,
            spool: openEnrichmentSpool(context.stateDir, config.id, run.run.runId),
            targets: run.connector.mapping.fields.map((field) => field.target),
          });
        },
      };
    },
  };
}
