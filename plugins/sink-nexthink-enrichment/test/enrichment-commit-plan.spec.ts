import { expect } from 'chai';
import nock from 'nock';
import * as v from 'valibot';
import type { CommitPlan, SinkIdentifier, SinkRun, SyncRead } from 'tributary-kit';
import { testHttpClient } from '../../../testing.js';
import { createEnrichmentSinkType } from '../enrichment-sink-type.js';
import {
  API_BASE,
  ENRICHMENT_PATH,
  EnrichmentRequestSchema,
  NEXTHINK_ENTRY,
  nexthinkCredential,
  openSinkRun,
  runContext,
  users,
  type RunShape,
} from './enrichment-fakes.js';

type Body = v.InferOutput<typeof EnrichmentRequestSchema>;

const http = testHttpClient({ retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 2 } });
const CHANGES: SyncRead = { mode: 'changes', since: '2026-01-01T00:00:00Z', lookBackSeconds: 300 };
const gone = (i: number): SinkIdentifier => ({ kind: 'upn', value: `gone${i}@acme.com` });
const plan = (remove: readonly SinkIdentifier[], retain: readonly SinkIdentifier[] = []): CommitPlan => ({
  remove,
  retain,
});

/** Every request the fake Enrichment API receives, answered `success` unless told otherwise. */
function recordRequests(times: number): Body[] {
  const bodies: Body[] = [];
  nock(API_BASE)
    .post(ENRICHMENT_PATH, (body: Body) => (bodies.push(body), true))
    .times(times)
    .reply(200, { status: 'success' });
  return bodies;
}

const upns = (body: Body): string[] => body.enrichments.map((e) => e.identification[0]!.value);

/** The Enrichment sink applying change reads and commit plans. */
describe('nexthink-enrichment sink: change reads and commit plans', () => {
  /** One request at a time, so that the fake API sees them in the order they are sent. */
  const open = (entry: Record<string, unknown> = {}, shape: RunShape = {}): Promise<SinkRun> =>
    openSinkRun(http, nexthinkCredential(), { maxInFlight: 1, ...entry }, runContext('upn', undefined, shape));

  it('declares that it applies change reads and commit plans', () => {
    expect(createEnrichmentSinkType({ http, credentialEntry: () => NEXTHINK_ENTRY }).appliesChanges).to.equal(true);
  });

  it('a change read sends exactly the users it is written', async () => {
    const bodies = recordRequests(1);
    const run = await open({}, { sync: CHANGES });
    await run.write(users(3));
    expect(await run.commit(plan([]))).to.deep.equal({ importedRows: 3 });
    expect(bodies.map(upns)).to.deep.equal([['user0@acme.com', 'user1@acme.com', 'user2@acme.com']]);
  });

  it('clears every mapped field of the removed users after the rows, in batches, and sends nothing for the retained', async () => {
    const bodies = recordRequests(4);
    const run = await open({ batchSize: 2 }, { sync: CHANGES });
    await run.write(users(3));
    const result = await run.commit(plan([gone(1), gone(2), gone(3)], [{ kind: 'upn', value: 'kept@acme.com' }]));
    expect(result, 'the removals are not rows of the run').to.deep.equal({ importedRows: 3 });
    expect(bodies.map(upns)).to.deep.equal([
      ['user0@acme.com', 'user1@acme.com'],
      ['user2@acme.com'],
      ['gone1@acme.com', 'gone2@acme.com'],
      ['gone3@acme.com'],
    ]);
    for (const body of bodies) expect(v.safeParse(EnrichmentRequestSchema, body).issues).to.equal(undefined);
    expect(bodies[2]!.domain).to.equal('salesforce_users');
    expect(bodies[2]!.enrichments[0]).to.deep.equal({
      identification: [{ name: 'user/user/upn', value: 'gone1@acme.com' }],
      fields: [
        { name: 'user/user/#department', value: '' },
        { name: 'user/user/#level', value: '' },
        { name: 'user/user/#manager', value: '' },
      ],
    });
  });

  it('names the cleared fields as the rows name them, on a full read that wrote nothing', async () => {
    const bodies = recordRequests(1);
    const run = await open({}, { targets: ['#department', 'user/user/organization/#entity'] });
    expect(await run.commit(plan([gone(1)]))).to.deep.equal({ importedRows: 0 });
    expect(bodies[0]!.enrichments).to.deep.equal([
      {
        identification: [{ name: 'user/user/upn', value: 'gone1@acme.com' }],
        fields: [
          { name: 'user/user/#department', value: '' },
          { name: 'user/user/organization/#entity', value: '' },
        ],
      },
    ]);
  });

  it('sends nothing beyond the rows for a plan that only retains, or no plan', async () => {
    for (const committed of [plan([], [gone(1)]), undefined]) {
      const bodies = recordRequests(1);
      const run = await open();
      await run.write(users(2));
      expect(await run.commit(committed)).to.deep.equal({ importedRows: 2 });
      expect(bodies.map(upns)).to.deep.equal([['user0@acme.com', 'user1@acme.com']]);
    }
  });

  it('reports removed users Nexthink does not know apart from the rows, without counting them', async () => {
    recordRequests(1);
    nock(API_BASE)
      .post(ENRICHMENT_PATH)
      .reply(207, {
        status: 'partial_success',
        errors: [
          {
            identification: [{ name: 'user/user/upn', value: 'gone2@acme.com' }],
            errors: [{ message: 'Object not found' }],
          },
        ],
      });
    const run = await open({ batchSize: 5 });
    await run.write(users(2));
    expect(await run.commit(plan([gone(1), gone(2)]))).to.deep.equal({
      importedRows: 2,
      warnings: ['Nexthink did not clear the fields of 1 removed user: Object not found (e.g. gone2@acme.com)'],
    });
  });

  it('fails the commit when the API refuses a request that clears removed users', async () => {
    recordRequests(1);
    nock(API_BASE).post(ENRICHMENT_PATH).reply(400, { message: 'Field user/user/#level does not exist' });
    const run = await open();
    await run.write(users(1));
    const error = (await run.commit(plan([gone(1)])).catch((e: unknown) => e)) as Error;
    expect(error).to.include({ code: 'NEXTHINK_REQUEST_REFUSED', category: 'fatal' });
    expect(error.message).to.contain('Field user/user/#level does not exist');
  });
});
