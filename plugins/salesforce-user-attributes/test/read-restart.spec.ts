import { expect } from 'chai';
import { AuthenticationError, FatalError, isTributaryError } from 'tributary-kit';
import { readFixture } from './support/run-fixture.js';

describe('salesforce-user-attributes read: restarts', () => {
  it('re-authenticates once when the session expires mid-paging and restarts the query from the beginning', async () => {
    const run = await readFixture('session-expiry');
    expect(run.error).to.equal(undefined);
    expect(run.credential.forcedCalls).to.equal(1);
    expect(run.http.statuses).to.deep.equal([200, 401, 200, 200, 200]);
    expect(run.batches.map((b) => b.records.length)).to.deep.equal([2, 2, 2, 1]);
    expect(run.batches.map((b) => b.restarted)).to.deep.equal([
      undefined,
      'Salesforce session expired (INVALID_SESSION_ID): re-authenticated and restarted the query',
      undefined,
      undefined,
    ]);
    const ids = run.rows.map((r) => r['Id']);
    expect(ids).to.have.length(5);
    expect(new Set(ids).size).to.equal(5); // what was staged before the restart is discarded: no duplicates
    expect(run.context.expected).to.deep.equal([5, 5]);
  });

  it('fails when the renewed session is rejected too', async () => {
    const run = await readFixture('session-expiry-twice');
    expect(run.error).to.be.instanceOf(AuthenticationError);
    expect(isTributaryError(run.error) && run.error.code).to.equal('SF_INVALID_SESSION_ID');
    expect((run.error as Error).message).to.match(
      /^Salesforce rejected the session again right after re-authenticating: INVALID_SESSION_ID: Session expired or invalid/,
    );
    expect(run.credential.forcedCalls).to.equal(1);
    expect(run.http.statuses).to.deep.equal([200, 401, 401]);
  });

  it('restarts the query once when the query locator becomes invalid', async () => {
    const run = await readFixture('invalid-locator');
    expect(run.error).to.equal(undefined);
    expect(run.credential.forcedCalls).to.equal(0);
    expect(run.http.statuses).to.deep.equal([200, 400, 200, 200, 200]);
    expect(run.batches[1]?.restarted).to.equal(
      'Salesforce query locator became invalid (INVALID_QUERY_LOCATOR): restarted the query',
    );
    expect(new Set(run.rows.map((r) => r['Id'])).size).to.equal(5);
    expect(run.rows).to.have.length(5);
  });

  it('fails on a second INVALID_QUERY_LOCATOR', async () => {
    const run = await readFixture('invalid-locator-twice');
    expect(run.error).to.be.instanceOf(FatalError);
    expect(isTributaryError(run.error) && run.error.code).to.equal('SF_INVALID_QUERY_LOCATOR');
    expect((run.error as Error).message).to.equal('INVALID_QUERY_LOCATOR: invalid query locator');
    expect(run.http.statuses).to.deep.equal([200, 400, 200, 400]);
    expect(run.batches.map((b) => b.restarted !== undefined)).to.deep.equal([false, true]);
  });
});
