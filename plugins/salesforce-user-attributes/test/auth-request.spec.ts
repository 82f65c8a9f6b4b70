import { expect } from 'chai';
import { salesforceCredential } from './support/fixtures.js';
import { readFixture } from './support/run-fixture.js';

describe('salesforce-user-attributes authentication requests', () => {
  it('uses the client credentials default token URL and instance_url as the API base', async () => {
    const credential = salesforceCredential('oauth2-client-credentials');
    const run = await readFixture('row-limit', { maxRows: 2, credential });
    expect(run.error).to.equal(undefined);
    expect(credential.requests.map(({ signal: _signal, ...rest }) => rest)).to.deep.equal([{}]);
    expect(run.context.warnings).to.deep.equal([]);
  });

  it('exchanges a basic credential with the password grant and warns that the flow is retired', async () => {
    const credential = salesforceCredential('basic');
    const run = await readFixture('row-limit', { maxRows: 2, credential });
    expect(run.error).to.equal(undefined);
    expect(credential.requests[0]?.basicAs).to.equal('password-grant');
    expect(run.context.warnings).to.have.length(1);
    expect(run.context.warnings[0]).to.match(
      /^Credential "Salesforce test": the username-password flow .* 2027-02-20; switch to an oauth2-client-credentials credential/,
    );
  });

  it('gives a JWT bearer credential the production audience by default', async () => {
    const credential = salesforceCredential('oauth2-jwt-bearer');
    const run = await readFixture('row-limit', { maxRows: 2, credential });
    expect(run.error).to.equal(undefined);
    expect(credential.requests[0]?.defaultAudience).to.equal('https://login.salesforce.com');
  });
});
