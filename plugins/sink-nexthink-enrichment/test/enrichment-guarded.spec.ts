import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { SPOOL_DIR } from '../enrichment-spool.js';
import { API_BASE, ENRICHMENT_PATH, NX_LOGIN } from './enrichment-fakes.js';
import { runEnrichmentOnce } from './run-enrichment-once.js';

/** Interceptors for a token and the three POSTs of 12 rows in batches of 5, counting the POSTs. */
function nexthink() {
  let posted = 0;
  nock(NX_LOGIN).post('/oauth2/default/v1/token').reply(200, { access_token: 'nx-token', expires_in: 900 });
  nock(API_BASE)
    .post(ENRICHMENT_PATH, () => (posted++, true))
    .times(3)
    .reply(200, { status: 'success' });
  return {
    get posted() {
      return posted;
    },
    /** Drops the unused interceptors (the suite fails a test that leaves some). */
    forget: () => nock.cleanAll(),
  };
}

describe('nexthink-enrichment sink: sends only once the run may commit', () => {
  let stateDir: string;
  beforeEach(() => (stateDir = mkdtempSync(join(tmpdir(), 'tributary-nx-'))));
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  it('POSTs nothing when the run fails after rows were written, and leaves no spool file', async () => {
    const api = nexthink();
    const result = await runEnrichmentOnce(stateDir, { failAt: 10 });
    expect(result.status).to.equal('failure');
    expect(result.processedRows).to.equal(10);
    expect(api.posted).to.equal(0);
    api.forget();
    expect(readdirSync(join(stateDir, SPOOL_DIR))).to.deep.equal([]);
  });

  it('POSTs nothing when a guard trips (a Departmnet typo would clear every department), then sends the next good run', async () => {
    const first = nexthink();
    expect((await runEnrichmentOnce(stateDir)).status).to.equal('success');
    expect(first.posted).to.equal(3);

    const second = nexthink();
    const refused = await runEnrichmentOnce(stateDir, { source: 'Departmnet' });
    expect(refused.status).to.equal('failure');
    expect(refused.description).to.match(
      /^No data: field department has no value on any of the 12 processed rows: check the spelling of Departmnet/,
    );
    expect(second.posted).to.equal(0);
    second.forget();
    expect(readdirSync(join(stateDir, SPOOL_DIR))).to.deep.equal([]);
  });
});
