import * as v from 'valibot';
import {
  silentLogger,
  type AuthRequest,
  type AuthSession,
  type ConnectorConfig,
  type Credential,
  type SinkContext,
  type SinkRecord,
  type SinkRunContext,
} from '../../../core/index.js';

export const API_BASE = 'https://acme.api.eu.nexthink.cloud';

/** A credential that hands out `Bearer token-N`, the same session until a forced call. */
export class FakeCredential implements Credential {
  readonly id = 'nx';
  readonly name = 'Nexthink API';
  readonly type = 'oauth2-client-credentials';
  readonly requests: AuthRequest[] = [];
  #generation = 1;
  #session: AuthSession = this.#make();

  async authenticate(request: AuthRequest = {}): Promise<AuthSession> {
    this.requests.push(request);
    if (request.force) {
      this.#generation++;
      this.#session = this.#make();
    }
    return this.#session;
  }

  async test(): Promise<void> {}

  #make(): AuthSession {
    return { headers: { Authorization: `Bearer token-${this.#generation}` }, baseUrl: API_BASE };
  }
}

export function sinkContext(credential: Credential): SinkContext {
  return { logger: silentLogger, stateDir: ':memory:', configDir: process.cwd(), credential: () => credential, addSecret: () => undefined };
}

export function runContext(identifier: 'upn' | 'email' = 'upn', signal: AbortSignal = new AbortController().signal): SinkRunContext {
  const connector = { nqlId: 'salesforce_users', name: 'SF', connector: 'x', sink: 'nx', parameters: {}, mapping: { identifier } };
  return { run: { runId: 'r1' } as SinkRunContext['run'], connector: connector as unknown as ConnectorConfig, signal };
}

export function users(count: number, fields: (i: number) => Record<string, string | number> = (i) => ({ department: `D${i % 7}`, level: i % 10, manager: '' })): SinkRecord[] {
  return Array.from({ length: count }, (_, i) => ({ identifier: { kind: 'upn' as const, value: `user${i}@acme.com` }, fields: fields(i) }));
}

/** The Enrichment API request as published (OpenAPI 1.31.0, summarised in shared/reference/nexthink.md). */
const Identification = v.strictObject({
  name: v.picklist(['user/user/sid', 'user/user/uid', 'user/user/upn', 'device/device/name', 'device/device/uid', 'binary/binary/uid', 'package/package/uid']),
  value: v.pipe(v.string(), v.nonEmpty()),
});
const Field = v.strictObject({
  name: v.pipe(v.string(), v.regex(/^user\/user\/(#[^\s/#]+|organization\/#[^\s/#]+|ad\/[^\s/#]+)$/)),
  value: v.union([v.string(), v.pipe(v.number(), v.integer())]),
});
export const EnrichmentRequestSchema = v.strictObject({
  domain: v.pipe(v.string(), v.nonEmpty()),
  enrichments: v.pipe(
    v.array(v.strictObject({ identification: v.pipe(v.array(Identification), v.length(1)), fields: v.pipe(v.array(Field), v.minLength(1)) })),
    v.minLength(1),
    v.maxLength(10_000),
  ),
});
