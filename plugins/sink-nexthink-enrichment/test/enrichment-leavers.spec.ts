import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { API_BASE, ENRICHMENT_PATH, NX_LOGIN } from './enrichment-fakes.js';
import { runEnrichmentOnce } from './run-enrichment-once.js';

interface Sent {
  readonly enrichments: ReadonlyArray<{
    readonly identification: ReadonlyArray<{ readonly value: string }>;
    readonly fields: ReadonlyArray<{ readonly name: string; readonly value: unknown }>;
  }>;
}

/** A token and `posts` POSTs answered `success`, recording their bodies. */
function nexthink(posts: number): Sent[] {
  const bodies: Sent[] = [];
  nock(NX_LOGIN).post('/oauth2/default/v1/token').reply(200, { access_token: 'nx-token', expires_in: 900 });
  nock(API_BASE)
    .post(ENRICHMENT_PATH, (body: Sent) => (bodies.push(body), true))
    .times(posts)
    .reply(200, { status: 'success' });
  return bodies;
}

/** The Enrichment sink under a connector with a `sync:` entry, in the real host. */
describe('nexthink-enrichment sink in the host: leavers', () => {
  let stateDir: string;
  beforeEach(() => (stateDir = mkdtempSync(join(tmpdir(), 'tributary-nx-leavers-'))));
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  const sync = (action: string) => ({ mode: 'full', leavers: { action } });
  const cleared = (bodies: Sent[]) =>
    bodies
      .flatMap((b) => b.enrichments)
      .filter((e) => e.fields.every((f) => f.value === ''))
      .map((e) => [e.identification[0]!.value, e.fields.map((f) => f.name)]);

  it('leavers.action delete: clears the mapped fields of the users the full read no longer returns', async () => {
    nexthink(3);
    expect((await runEnrichmentOnce(stateDir, { sync: sync('delete') })).status).to.equal('success');
    const bodies = nexthink(3);
    const second = await runEnrichmentOnce(stateDir, { rows: 10, sync: sync('delete') });
    expect(second, second.description).to.include({ status: 'success', processedRows: 10, importedRows: 10 });
    expect(bodies.flatMap((b) => b.enrichments)).to.have.length(12);
    expect(cleared(bodies)).to.have.deep.members([
      ['user10@example.com', ['user/user/#department']],
      ['user11@example.com', ['user/user/#department']],
    ]);
  });

  it('leavers.action keep: sends the read users only', async () => {
    nexthink(3);
    expect((await runEnrichmentOnce(stateDir, { sync: sync('keep') })).status).to.equal('success');
    const bodies = nexthink(2);
    const second = await runEnrichmentOnce(stateDir, { rows: 10, sync: sync('keep') });
    expect(second, second.description).to.include({ status: 'success', importedRows: 10 });
    expect(bodies.flatMap((b) => b.enrichments)).to.have.length(10);
    expect(cleared(bodies)).to.deep.equal([]);
  });
});
