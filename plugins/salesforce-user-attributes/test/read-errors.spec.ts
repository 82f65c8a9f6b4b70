import { expect } from 'chai';
import nock from 'nock';
import { ConfigError, FatalError, TransientError, isTributaryError, type TributaryError } from 'tributary-kit';
import { FIXTURE_BASE_URL } from './support/fixtures.js';
import { readFixture } from './support/run-fixture.js';

function failure(error: unknown): TributaryError {
  expect(isTributaryError(error), `expected a TributaryError, got ${String(error)}`).to.equal(true);
  return error as TributaryError;
}

describe('salesforce-user-attributes read: errors', () => {
  describe('retried with backoff, then succeeding', () => {
    const cases: Array<[string, string, number[]]> = [
      ['503 SERVER_UNAVAILABLE (JSON)', 'server-503-json', [200, 503, 503, 200, 200]],
      ['503 with an HTML page', 'server-503-html', [200, 503, 200, 200]],
      ['500 UNKNOWN_EXCEPTION', 'server-500', [500, 200, 200, 200]],
      ['406 without a body', 'status-406', [406, 200, 200, 200]],
      ['420 from the edge', 'status-420', [200, 420, 200, 200]],
      ['429', 'rate-limit-429', [429, 200, 200, 200]],
      ['403 REQUEST_LIMIT_EXCEEDED ConcurrentPerOrgLongTxn', 'concurrent-limit', [403, 403, 200, 200, 200]],
    ];
    for (const [what, fixture, statuses] of cases) {
      it(what, async () => {
        const run = await readFixture(fixture);
        expect(run.error).to.equal(undefined);
        expect(run.http.statuses).to.deep.equal(statuses);
        expect(new Set(run.rows.map((r) => r['Id'])).size).to.equal(run.rows.length);
        expect(run.rows.length).to.equal(run.context.expected[0]);
        expect(run.context.apiCalls).to.equal(statuses.length); // retries count as API calls
      });
    }
  });

  it('gives up after the retry limit with a TransientError quoting the HTML page, never its markup', async () => {
    const run = await readFixture('server-503-html-exhausted');
    const error = failure(run.error);
    expect(error).to.be.instanceOf(TransientError);
    expect(error.code).to.equal('SF_HTTP_503');
    expect(error.message).to.equal(
      'Salesforce answered HTTP 503: Service Not Available The service is temporarily unavailable. Please try again later. (still failing after retries)',
    );
    expect(run.http.statuses).to.deep.equal([503, 503, 503, 503]);
    expect(run.batches).to.have.length(0);
  });

  describe('failing at once, without a retry', () => {
    const cases: Array<[string, string, string, new (...args: never[]) => Error, RegExp | string, string?]> = [
      [
        'MALFORMED_QUERY',
        'malformed-query',
        'SF_MALFORMED_QUERY',
        ConfigError,
        "MALFORMED_QUERY: unexpected token 'FORM' at column 11",
        'SELECT Id FORM User',
      ],
      [
        'INVALID_FIELD',
        'invalid-field',
        'SF_INVALID_FIELD',
        ConfigError,
        /^INVALID_FIELD: No such column 'Shoe_Size__c' on entity 'User'\..* at column 12$/,
        'SELECT Id, Shoe_Size__c FROM User',
      ],
      [
        'INVALID_TYPE',
        'invalid-type',
        'SF_INVALID_TYPE',
        ConfigError,
        /^INVALID_TYPE: sObject type 'Userz' is not supported\./,
        'SELECT Id FROM Userz',
      ],
      [
        'API_DISABLED_FOR_ORG',
        'api-disabled',
        'SF_API_DISABLED_FOR_ORG',
        ConfigError,
        'API_DISABLED_FOR_ORG: The REST API is not enabled for this Organization. (the org or the Run As user lacks the "API Enabled" permission)',
      ],
      [
        'daily TotalRequests limit',
        'daily-limit',
        'SF_REQUEST_LIMIT_EXCEEDED',
        FatalError,
        "REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded. (the org's rolling 24-hour API request allowance is used up; not retried)",
      ],
    ];
    for (const [what, fixture, code, type, message, query] of cases) {
      it(what, async () => {
        const run = await readFixture(fixture, query ? { parameters: { query } } : {});
        const error = failure(run.error);
        expect(error).to.be.instanceOf(type);
        expect(error.code).to.equal(code);
        if (typeof message === 'string') expect(error.message).to.equal(message);
        else expect(error.message).to.match(message);
        expect(error.message).not.to.include('Bearer');
        expect(run.http.statuses).to.have.length(1);
        expect(run.batches).to.have.length(0);
      });
    }
  });

  it('stops with the quota guard, naming the numbers, before reading anything', async () => {
    const run = await readFixture('quota-guard');
    const error = failure(run.error);
    expect(error).to.be.instanceOf(FatalError);
    expect(error.code).to.equal('SF_API_QUOTA_GUARD');
    expect(error.message).to.equal('Stopped: org API usage 81,234/100,000 (81%) passed maxApiUsagePercent 80');
    expect(run.batches).to.have.length(0);
    expect(run.http.statuses).to.have.length(1);
  });

  it('stops mid-run as soon as usage passes the threshold, fetching nothing more', async () => {
    const run = await readFixture('quota-guard-mid-run');
    const error = failure(run.error);
    expect(error.code).to.equal('SF_API_QUOTA_GUARD');
    expect(error.message).to.equal('Stopped: org API usage 80,001/100,000 (80.001%) passed maxApiUsagePercent 80');
    expect(run.batches.map((b) => b.records.length)).to.deep.equal([2, 2]);
    expect(run.http.statuses).to.deep.equal([200, 200, 200]);
  });

  describe('refusing answers that are not query results', () => {
    const cases: Array<[string, number, string | object, RegExp]> = [
      [
        'an HTML page with status 200',
        200,
        '<html><body>Maintenance</body></html>',
        /^Salesforce answered HTTP 200 with no query result in the answer: Maintenance$/,
      ],
      [
        'more records announced without nextRecordsUrl',
        200,
        { totalSize: 3, done: false, records: [] },
        /gives no relative nextRecordsUrl$/,
      ],
      [
        'an absolute nextRecordsUrl (the token must not travel elsewhere)',
        200,
        { totalSize: 3, done: false, nextRecordsUrl: 'https://evil.example/x', records: [] },
        /gives no relative nextRecordsUrl$/,
      ],
    ];
    for (const [what, status, body, message] of cases) {
      it(what, async () => {
        nock(FIXTURE_BASE_URL).get('/services/data/v62.0/query').query(true).reply(status, body);
        const run = await readFixture(undefined);
        const error = failure(run.error);
        expect(error.code).to.equal('SF_UNEXPECTED_RESPONSE');
        expect(error.message).to.match(message);
        expect(run.http.statuses).to.have.length(1);
      });
    }
  });
});
