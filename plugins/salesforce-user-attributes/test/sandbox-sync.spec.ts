import { expect } from 'chai';
import { startSandbox, type Sandbox } from '../../salesforce-sandbox/index.js';
import { createSalesforceUserAttributesTemplate } from '../src/salesforce-user-attributes-template.js';
import { USERS_QUERY } from './scenarios.js';
import { TEST_RETRY } from './support/counting-http.js';
import { fakeContext } from './support/fake-context.js';
import { readAll } from './support/read-all.js';
import { sandboxCredential } from './support/sandbox-credential.js';

/** End to end on loopback: the real credential type, the host's HTTP client and the bundled sandbox. */
async function syncAgainst(sandbox: Sandbox) {
  const { http, credential } = await sandboxCredential(sandbox);
  const context = fakeContext({ query: USERS_QUERY }, { credential });
  return readAll((c) => createSalesforceUserAttributesTemplate(http, { retry: TEST_RETRY }).read(c), context);
}

describe('salesforce-user-attributes against the sandbox', () => {
  let sandbox: Sandbox;
  beforeEach(async () => (sandbox = await startSandbox({ users: 4_500, seed: 7 })));
  afterEach(() => sandbox.close());

  it('syncs 4,500 users with client credentials in 3 query requests', async () => {
    const { rows, error } = await syncAgainst(sandbox);
    expect(error).to.equal(undefined);
    expect(rows).to.have.length(4_500);
    expect(new Set(rows.map((r) => r['Id'])).size).to.equal(4_500);
    expect(sandbox.stats.queryRequests).to.equal(3);
    expect(sandbox.stats.tokenRequests).to.equal(1);
  });

  it('survives a session that expires mid-paging: one new token, a restart, no duplicate rows', async () => {
    sandbox.faults.expireSessionAfterPages = 2;
    const { rows, batches, error } = await syncAgainst(sandbox);
    expect(error).to.equal(undefined);
    expect(rows).to.have.length(4_500);
    expect(new Set(rows.map((r) => r['Id'])).size).to.equal(4_500);
    expect(batches.filter((b) => b.restarted !== undefined)).to.have.length(1);
    expect(sandbox.stats.tokenRequests).to.equal(2);
  });
});
