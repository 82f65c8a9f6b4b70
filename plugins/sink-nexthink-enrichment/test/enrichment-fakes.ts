import * as v from 'valibot';
import {
  PLAIN_FULL_READ,
  silentLogger,
  type ConnectorConfig,
  type Credential,
  type CredentialConfig,
  type HttpClient,
  type SinkContext,
  type SinkRecord,
  type SinkRun,
  type SinkRunContext,
  type SyncRead,
} from 'tributary-kit';
import { fakeCredential, type FakeCredential } from '../../../testing.js';
import { createEnrichmentSinkType } from '../enrichment-sink-type.js';

export const API_BASE = 'https://acme.api.eu.nexthink.cloud';
/** The login host the client-credentials entries of the host specs get their tokens from. */
export const NX_LOGIN = 'https://acme-login.eu.nexthink.cloud';
/** The Enrichment API's endpoint the sink posts its field values to. */
export const ENRICHMENT_PATH = '/api/v1/enrichment/data/fields';

/** The host config's `nexthink` client-credentials entry, its secret read from NX_SECRET. */
export const NX_CREDENTIAL = {
  id: 'nexthink',
  name: 'Nexthink',
  type: 'oauth2-client-credentials',
  url: API_BASE,
  clientId: 'nx-client',
  clientSecret: '${NX_SECRET}',
};

/** The credentials entry behind {@link nexthinkCredential}, as the sink type sees it in the config. */
export const NEXTHINK_ENTRY: CredentialConfig = {
  id: 'nx',
  name: 'Nexthink API',
  type: 'oauth2-client-credentials',
  url: API_BASE,
};

/** The kit's fake credential as a Nexthink API credential: `Bearer token-1`, then the next token on each forced call. */
export function nexthinkCredential(): FakeCredential {
  return fakeCredential({
    id: 'nx',
    name: 'Nexthink API',
    type: 'oauth2-client-credentials',
    baseUrl: API_BASE,
    tokens: ['token-1', 'token-2', 'token-3'],
  });
}

export function sinkContext(credential: Credential): SinkContext {
  return {
    logger: silentLogger,
    stateDir: ':memory:',
    configDir: process.cwd(),
    credential: () => credential,
    addSecret: () => undefined,
  };
}

/** What a run reads, and the targets its connector maps (default: those of {@link users}). */
export interface RunShape {
  readonly sync?: SyncRead;
  readonly targets?: readonly string[];
}

export function runContext(
  identifier: 'upn' | 'email' = 'upn',
  signal: AbortSignal = new AbortController().signal,
  { sync = PLAIN_FULL_READ, targets = ['department', 'level', 'manager'] }: RunShape = {},
): SinkRunContext {
  const connector = {
    nqlId: 'salesforce_users',
    name: 'SF',
    connector: 'x',
    sink: 'nx',
    parameters: {},
    mapping: { identifier, fields: targets.map((target) => ({ source: target, target })) },
  };
  return {
    run: { runId: 'r1' } as SinkRunContext['run'],
    connector: connector as unknown as ConnectorConfig,
    signal,
    sync,
  };
}

/** Opens a run of the sink type over `http`, its entry `{ id: 'nx', credentials: 'nx' }` plus `entry`. */
export function openSinkRun(
  http: HttpClient,
  credential: Credential,
  entry: Record<string, unknown> = {},
  run: SinkRunContext = runContext(),
): Promise<SinkRun> {
  const sinkType = createEnrichmentSinkType({ http, credentialEntry: () => NEXTHINK_ENTRY });
  const config = v.parse(sinkType.schema, { id: 'nx', type: 'nexthink-enrichment', credentials: 'nx', ...entry });
  return sinkType.create(config, sinkContext(credential)).open(run);
}

export function users(
  count: number,
  fields: (i: number) => Record<string, string | number> = (i) => ({
    department: `D${i % 7}`,
    level: i % 10,
    manager: '',
  }),
): SinkRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    identifier: { kind: 'upn' as const, value: `user${i}@acme.com` },
    fields: fields(i),
  }));
}

/** The Enrichment API request as published (OpenAPI 1.31.0, summarised in shared/reference/nexthink.md). */
const Identification = v.strictObject({
  name: v.picklist([
    'user/user/sid',
    'user/user/uid',
    'user/user/upn',
    'device/device/name',
    'device/device/uid',
    'binary/binary/uid',
    'package/package/uid',
  ]),
  value: v.pipe(v.string(), v.nonEmpty()),
});
const Field = v.strictObject({
  name: v.pipe(v.string(), v.regex(/^user\/user\/(#[^\s/#]+|organization\/#[^\s/#]+|ad\/[^\s/#]+)$/)),
  value: v.union([v.string(), v.pipe(v.number(), v.integer())]),
});
export const EnrichmentRequestSchema = v.strictObject({
  domain: v.pipe(v.string(), v.nonEmpty()),
  enrichments: v.pipe(
    v.array(
      v.strictObject({
        identification: v.pipe(v.array(Identification), v.length(1)),
        fields: v.pipe(v.array(Field), v.minLength(1)),
      }),
    ),
    v.minLength(1),
    v.maxLength(10_000),
  ),
});
