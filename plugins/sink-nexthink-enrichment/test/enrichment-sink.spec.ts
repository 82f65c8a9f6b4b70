import { expect } from 'chai';
import nock from 'nock';
import * as v from 'valibot';
import type { SinkRun } from 'tributary-kit';
import { testHttpClient, type FakeCredential } from '../../../testing.js';
import { createEnrichmentSinkType } from '../enrichment-sink-type.js';
import {
  API_BASE,
  NEXTHINK_ENTRY,
  EnrichmentRequestSchema,
  nexthinkCredential,
  openSinkRun,
  runContext,
  sinkContext,
  users,
} from './enrichment-fakes.js';

const PATH = '/api/v1/enrichment/data/fields';
const http = testHttpClient({ retry: { limit: 4, baseDelayMs: 1, maxDelayMs: 2 } });
const sinkType = createEnrichmentSinkType({ http, credentialEntry: () => NEXTHINK_ENTRY });

type Body = v.InferOutput<typeof EnrichmentRequestSchema>;

describe('nexthink-enrichment sink', () => {
  let credential: FakeCredential;
  beforeEach(() => (credential = nexthinkCredential()));

  const open = (options: { batchSize?: number; domain?: string } = {}): Promise<SinkRun> =>
    openSinkRun(http, credential, options);

  /** Writes like the pipeline does: batches of 2,000, awaiting backpressure. */
  async function writeAll(run: SinkRun, records: ReturnType<typeof users>): Promise<void> {
    for (let i = 0; i < records.length; i += 2000) await run.write(records.slice(i, i + 2000));
  }

  it('sends 12,000 rows as 3 requests of at most 5,000 enrichments, shaped as the published schema', async () => {
    const bodies: Body[] = [];
    const scope = nock(API_BASE)
      .post(PATH, (body: Body) => (bodies.push(body), true))
      .matchHeader('authorization', 'Bearer token-1')
      .times(3)
      .reply(200, { status: 'success' });
    const run = await open();
    await writeAll(run, users(12_000));
    expect(await run.commit()).to.deep.equal({ importedRows: 12_000 });
    scope.done();
    expect(bodies.map((b) => b.enrichments.length).sort()).to.deep.equal([2000, 5000, 5000]);
    for (const body of bodies) expect(v.safeParse(EnrichmentRequestSchema, body).issues).to.equal(undefined);
    const all = bodies.flatMap((b) => b.enrichments).map((e) => e.identification[0]!.value);
    expect(new Set(all).size).to.equal(12_000);
    const first = bodies.find((b) => b.enrichments[0]!.identification[0]!.value === 'user0@acme.com')!;
    expect(first.domain).to.equal('salesforce_users');
    expect(first.enrichments[0]).to.deep.equal({
      identification: [{ name: 'user/user/upn', value: 'user0@acme.com' }],
      fields: [
        { name: 'user/user/#department', value: 'D0' },
        { name: 'user/user/#level', value: 0 },
        { name: 'user/user/#manager', value: '' },
      ],
    });
    expect(credential.requests[0]).to.include({
      defaultTokenUrl: 'https://acme-login.eu.nexthink.cloud/oauth2/default/v1/token',
      clientAuthentication: 'basic',
      scope: 'service:integration',
    });
  });

  it('uses the configured domain and batch size, and sends nothing for a record without fields', async () => {
    const bodies: Body[] = [];
    nock(API_BASE)
      .post(PATH, (body: Body) => (bodies.push(body), true))
      .twice()
      .reply(200, { status: 'success' });
    const run = await open({ domain: 'hr', batchSize: 2 });
    await run.write([...users(3), { identifier: { kind: 'upn', value: 'kept@acme.com' }, fields: {} }]);
    expect((await run.commit()).importedRows).to.equal(4);
    expect(bodies.map((b) => [b.domain, b.enrichments.length])).to.deep.equal([
      ['hr', 2],
      ['hr', 1],
    ]);
  });

  it('counts the objects of a 207 partial success as not imported and summarises them', async () => {
    nock(API_BASE)
      .post(PATH)
      .reply(207, {
        status: 'partial_success',
        errors: [
          {
            identification: [{ name: 'user/user/upn', value: 'user1@acme.com' }],
            errors: [{ message: 'Object not found', code: 'NOT_FOUND' }],
          },
          {
            identification: [{ name: 'user/user/upn', value: 'user2@acme.com' }],
            errors: [{ message: 'Object not found', code: 'NOT_FOUND' }],
          },
        ],
      });
    const run = await open();
    await run.write(users(5));
    expect(await run.commit()).to.deep.equal({
      importedRows: 3,
      warnings: ['Nexthink did not import 2 rows: Object not found (NOT_FOUND) (e.g. user1@acme.com)'],
    });
  });

  it('re-authenticates once on 401 and retries the batch with the new token', async () => {
    nock(API_BASE).post(PATH).matchHeader('authorization', 'Bearer token-1').reply(401);
    nock(API_BASE).post(PATH).matchHeader('authorization', 'Bearer token-2').reply(200, { status: 'success' });
    const run = await open();
    await run.write(users(10));
    expect((await run.commit()).importedRows).to.equal(10);
    expect(credential.forcedCalls).to.equal(1);
  });

  it('fails when the new token is refused too', async () => {
    nock(API_BASE).post(PATH).twice().reply(401);
    const run = await open();
    await run.write(users(1));
    const error = await run.commit().catch((e: unknown) => e);
    expect(error).to.include({ code: 'NEXTHINK_UNAUTHORIZED', category: 'auth' });
  });

  it('retries 429 and 5xx with backoff, then succeeds', async () => {
    nock(API_BASE)
      .post(PATH)
      .reply(429, { message: 'Too many requests' })
      .post(PATH)
      .reply(503)
      .post(PATH)
      .reply(200, { status: 'success' });
    const run = await open();
    await run.write(users(7));
    expect((await run.commit()).importedRows).to.equal(7);
  });

  it('fails the run on 400 with the API message, and refuses further writes', async () => {
    nock(API_BASE)
      .post(PATH)
      .reply(400, {
        status: 'error',
        errors: [
          {
            identification: [{ name: 'user/user/upn', value: 'user0@acme.com' }],
            errors: [{ message: 'Field user/user/#department does not exist', code: 'FIELD_NOT_FOUND' }],
          },
        ],
      });
    const run = await open({ batchSize: 1 });
    await run.write(users(1));
    const error = (await run.commit().catch((e: unknown) => e)) as Error & { code: string };
    expect(error).to.include({ code: 'NEXTHINK_REQUEST_REFUSED', category: 'fatal' });
    expect(error.message).to.equal(
      'The Nexthink Enrichment API refused the request (400): Field user/user/#department does not exist (FIELD_NOT_FOUND)',
    );
    expect(error.message).not.to.match(/token|Bearer/i);
    expect(() => run.write(users(1))).to.throw(/refused the request/);
  });

  it('fails the run on 403 naming the missing permission', async () => {
    nock(API_BASE).post(PATH).reply(403, { message: 'Access denied' });
    const run = await open();
    await run.write(users(1));
    const error = (await run.commit().catch((e: unknown) => e)) as Error;
    expect(error.message).to.match(/\(403\): Access denied\. The API credential needs the Enrichment API permission/);
  });

  it('refuses email identification at validation and at run time', async () => {
    const connector = runContext('email').connector;
    const config = v.parse(sinkType.schema, { id: 'nx', type: 'nexthink-enrichment', credentials: 'nx' });
    expect(sinkType.validateConnector!(connector, config)).to.deep.equal([
      {
        path: 'mapping.identifier',
        message:
          'The Nexthink Enrichment API identifies users by UPN, SID or UID only, not by email address: use identifier: upn with a UPN identification',
      },
    ]);
    expect(sinkType.validateConnector!(runContext('upn').connector, config)).to.deep.equal([]);
    const error = await sinkType
      .create(config, sinkContext(credential))
      .open(runContext('email'))
      .catch((e: unknown) => e);
    expect(error).to.include({ code: 'NEXTHINK_EMAIL_IDENTIFIER', category: 'config' });
  });

  it('validates its entry: defaults, batchSize at most 5,000, no unknown keys', () => {
    expect(v.parse(sinkType.schema, { id: 'nx', type: 'nexthink-enrichment', credentials: 'c' })).to.deep.equal({
      id: 'nx',
      type: 'nexthink-enrichment',
      credentials: 'c',
      batchSize: 5000,
      maxInFlight: 2,
    });
    expect(
      v.safeParse(sinkType.schema, { id: 'nx', type: 'nexthink-enrichment', credentials: 'c', batchSize: 5001 })
        .success,
    ).to.equal(false);
    expect(
      v.safeParse(sinkType.schema, { id: 'nx', type: 'nexthink-enrichment', credentials: 'c', url: 'x' }).success,
    ).to.equal(false);
    expect(v.safeParse(sinkType.schema, { id: 'nx', type: 'nexthink-enrichment' }).success).to.equal(false);
  });
});
