import { expect } from 'chai';
import nock from 'nock';
import { CancelledError, type CheckResult, type Credential } from 'tributary-kit';
import { createSalesforceUserAttributesTemplate } from '../src/salesforce-user-attributes-template.js';
import { USERS_QUERY } from './scenarios.js';
import { clientCredential } from './support/client-credential.js';
import { TEST_RETRY, countingHttp } from './support/counting-http.js';
import { fakeContext } from './support/fake-context.js';
import { FIXTURE_BASE_URL, replay, salesforceCredential } from './support/fixtures.js';

async function check(query: string, credential: Credential | undefined): Promise<CheckResult> {
  const http = countingHttp();
  const template = createSalesforceUserAttributesTemplate(http, { retry: TEST_RETRY });
  return template.check(fakeContext({ query }, { credential }));
}

describe('salesforce-user-attributes check', () => {
  it('passes a good configuration: authenticated, User records, expected rows and an attribute-free sample', async () => {
    const recorded = replay('check-good');
    const credential = salesforceCredential();
    const result = await check(USERS_QUERY, credential);
    expect(result.ok).to.equal(true);
    expect(credential.forcedCalls).to.equal(1); // the current secret is tested, not a cached session
    expect(result.expectedRows).to.equal(4_500);
    expect(result.messages).to.deep.equal([
      `Authenticated with credential "Salesforce test" (oauth2-client-credentials) on ${FIXTURE_BASE_URL}`,
      'Query OK: 4,500 users to import (API v62.0)',
      'A run reads the REST query API one page after the other: 4,500 rows (concurrent Id ranges from 10,001)',
      'Org API usage 1/100,000 (0%), the guard stops runs above 80%',
    ]);
    expect(result.sample).to.have.length(200); // the whole first page: the host tries the mapping on every record
    expect(result.sample.every((r) => !('attributes' in r) && typeof r['Username'] === 'string')).to.equal(true);
    recorded.done(); // every recorded answer was asked for
  });

  it('reports a rejected secret with the token endpoint description', async () => {
    nock(FIXTURE_BASE_URL)
      .post('/services/oauth2/token')
      .reply(400, { error: 'invalid_client', error_description: 'invalid client credentials' });
    const credential = await clientCredential(
      {
        id: 'sf-prod',
        name: 'Salesforce production',
        url: FIXTURE_BASE_URL,
        clientId: 'id',
        clientSecret: 'wrong-secret',
      },
      countingHttp(),
    );
    const result = await check(USERS_QUERY, credential);
    expect(result.ok).to.equal(false);
    expect(result.sample).to.deep.equal([]);
    expect(result.messages).to.have.length(1);
    expect(result.messages[0]).to.equal(
      'Authentication failed: Credential "Salesforce production" (sf-prod): acme.my.salesforce.com refused the token request: invalid_client — invalid client credentials',
    );
    expect(result.messages[0]).not.to.include('wrong-secret');
  });

  it('reports a malformed query with the SOQL error', async () => {
    const recorded = replay('check-malformed');
    const result = await check('SELECT Id FORM User', salesforceCredential());
    expect(result.ok).to.equal(false);
    expect(result.messages.at(-1)).to.equal("Query failed: MALFORMED_QUERY: unexpected token 'FORM' at column 11");
    recorded.done(); // every recorded answer was asked for
  });

  it('refuses a query on another object, naming it', async () => {
    const recorded = replay('check-account');
    const result = await check('SELECT Id, Name FROM Account', salesforceCredential());
    expect(result.ok).to.equal(false);
    expect(result.messages.at(-1)).to.equal(
      'Query failed: the query returns Account records, but this connector imports users: select FROM User',
    );
    expect(result.sample).to.deep.equal([]);
    recorded.done(); // every recorded answer was asked for
  });

  it('warns about the deprecated username-password flow of a basic credential', async () => {
    const recorded = replay('check-good');
    const result = await check(USERS_QUERY, salesforceCredential('basic'));
    expect(result.ok).to.equal(true);
    expect(result.messages[0]).to.match(/^Warning: the username-password flow .* retires it on 2027-02-20/);
    recorded.done(); // every recorded answer was asked for
  });

  it('says a connector without credentials cannot work', async () => {
    const result = await check(USERS_QUERY, undefined);
    expect(result.ok).to.equal(false);
    expect(result.messages[0]).to.match(/needs an oauth2-client-credentials/);
  });

  it('throws, rather than reports, a cancellation', async () => {
    const error = await check(
      USERS_QUERY,
      salesforceCredential('oauth2-client-credentials', { failWith: new CancelledError() }),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(CancelledError);
  });
});
