import { expect } from 'chai';
import { startSandbox, type Sandbox } from '../index.js';
import { firstError, get, queryAllPages, queryPath, tokenFor, type QueryPage, type Reply } from './sandbox-client.js';

const SOQL = 'SELECT Id, Username FROM User';
const SESSION_EXPIRED = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];

describe('sandbox faults and limits', () => {
  let sandbox: Sandbox;
  let token: string;
  beforeEach(async () => {
    sandbox = await startSandbox({ users: 4500 });
    token = await tokenFor(sandbox);
  });
  afterEach(() => sandbox.close());

  const first = (t = token): Promise<Reply<QueryPage>> => get(sandbox, queryPath(SOQL), t);
  const next = (page: Reply<QueryPage>, t = token): Promise<Reply<QueryPage>> =>
    get(sandbox, page.json.nextRecordsUrl as string, t);

  describe('authentication', () => {
    it('answers a missing, unknown or malformed Authorization with 401 INVALID_SESSION_ID', async () => {
      const variants: Record<string, string>[] = [{}, { Authorization: 'Bearer nope' }, { Authorization: token }];
      for (const headers of variants) {
        const reply = await get(sandbox, queryPath(SOQL), undefined, headers);
        expect(reply.status).to.equal(401);
        expect(reply.json).to.deep.equal(SESSION_EXPIRED);
      }
    });

    it('binds a locator to the session that opened it', async () => {
      const page1 = await first();
      const other = await tokenFor(sandbox);
      const reply = await next(page1, other);
      expect(reply.status).to.equal(401);
      expect(reply.json).to.deep.equal(SESSION_EXPIRED);
      expect((await next(page1)).status).to.equal(200);
    });
  });

  describe('Sforce-Limit-Info', () => {
    it('is on every API response and counts each call', async () => {
      const page1 = await first();
      expect(page1.headers.get('sforce-limit-info')).to.equal('api-usage=1/100000');
      const page2 = await next(page1);
      expect(page2.headers.get('sforce-limit-info')).to.equal('api-usage=2/100000');
      const error = await get(sandbox, queryPath('SELECT Nope FROM User'), token);
      expect(error.headers.get('sforce-limit-info')).to.equal('api-usage=3/100000');
    });

    it('starts from apiUsageStart out of apiLimit', async () => {
      const other = await startSandbox({ users: 5, apiLimit: 5000, apiUsageStart: 4000 });
      try {
        const reply = await get(other, queryPath(SOQL), await tokenFor(other));
        expect(reply.headers.get('sforce-limit-info')).to.equal('api-usage=4001/5000');
      } finally {
        await other.close();
      }
    });

    it('carries api-bursts after the usage when asked, as current orgs send it', async () => {
      const other = await startSandbox({ users: 5, apiBursts: { used: 1, max: 750 } });
      try {
        const reply = await get(other, queryPath(SOQL), await tokenFor(other));
        expect(reply.headers.get('sforce-limit-info')).to.equal('api-usage=1/100000; api-bursts=1/750');
      } finally {
        await other.close();
      }
    });

    it('quota fault sets usage near the limit, which then grows with each call and ends in REQUEST_LIMIT_EXCEEDED', async () => {
      sandbox.faults.quota = { used: 998, max: 1000 };
      const page1 = await first();
      expect(page1.headers.get('sforce-limit-info')).to.equal('api-usage=999/1000');
      const page2 = await next(page1);
      expect(page2.headers.get('sforce-limit-info')).to.equal('api-usage=1000/1000');
      const refused = await next(page2);
      expect(refused.status).to.equal(403);
      expect(refused.json).to.deep.equal([
        { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
      ]);
      expect(sandbox.faults.quota).to.equal(undefined);
    });
  });

  it('expireSessionTimes: after the first expiry, each renewed token dies on its first query request until the count is spent', async () => {
    sandbox.faults.expireSessionAfterPages = 1;
    sandbox.faults.expireSessionTimes = 3;
    const page1 = await first();
    expect((await next(page1)).status).to.equal(401);
    for (let renewed = 0; renewed < 2; renewed++) {
      const reply = await first(await tokenFor(sandbox));
      expect(reply.status, `renewed token ${renewed + 1}`).to.equal(401);
      expect(reply.json).to.deep.equal(SESSION_EXPIRED);
    }
    const fresh = await tokenFor(sandbox);
    const restart = await first(fresh);
    expect(restart.status).to.equal(200);
    expect((await next(restart, fresh)).status, 'the fault is spent: pages keep coming').to.equal(200);
    expect(sandbox.faults).to.deep.equal({});
  });

  it('expireSessionAfterPages: the token dies after N pages; a new token restarts the query and reads to the end', async () => {
    sandbox.faults.expireSessionAfterPages = 2;
    const page1 = await first();
    const page2 = await next(page1);
    const expired = await next(page2);
    expect(expired.status).to.equal(401);
    expect(expired.json).to.deep.equal(SESSION_EXPIRED);
    expect((await first()).status, 'the old token stays dead').to.equal(401);
    const fresh = await tokenFor(sandbox);
    expect((await next(page2, fresh)).status, 'old locators belong to the old session').to.equal(401);
    const restart = await first(fresh);
    const rest = await next(await next(restart, fresh), fresh);
    expect(rest.json.done).to.equal(true);
  });

  describe('failPage', () => {
    it('fails page K once with an HTML 503, then serves it', async () => {
      sandbox.faults.failPage = { page: 2, status: 503, body: 'html' };
      const page1 = await first();
      expect(page1.status).to.equal(200);
      const failed = await next(page1);
      expect(failed.status).to.equal(503);
      expect(failed.headers.get('content-type')).to.match(/^text\/html/);
      expect(failed.text).to.match(/^<!DOCTYPE html>.*Service Not Available/s);
      const retried = await next(page1);
      expect(retried.status).to.equal(200);
      expect(retried.json.records).to.have.length(2000);
    });

    it('fails with a JSON error array as many times as asked', async () => {
      sandbox.faults.failPage = { page: 1, status: 500, times: 2 };
      for (let i = 0; i < 2; i++) {
        const failed = await first();
        expect(failed.status).to.equal(500);
        expect(firstError(failed.json).errorCode).to.equal('UNKNOWN_EXCEPTION');
      }
      expect((await first()).status).to.equal(200);
    });

    it('503 in JSON is SERVER_UNAVAILABLE', async () => {
      sandbox.faults.failPage = { page: 1, status: 503 };
      const failed = await first();
      expect(failed.json).to.deep.equal([{ message: 'Server too busy', errorCode: 'SERVER_UNAVAILABLE' }]);
    });

    it('answers any status with an empty body, as the edge answers 406 and 420', async () => {
      const page1 = await first();
      for (const status of [406, 420]) {
        sandbox.faults.failPage = { page: 2, status, body: 'empty' };
        const failed = await next(page1);
        expect(failed.status).to.equal(status);
        expect(failed.text).to.equal('');
        expect(failed.headers.get('content-length')).to.equal('0');
        expect(failed.headers.get('sforce-limit-info')).to.match(/^api-usage=\d+\/100000$/);
      }
      expect((await next(page1)).status).to.equal(200);
    });
  });

  it('dailyLimitExceeded answers 403 TotalRequests Limit exceeded while set', async () => {
    sandbox.faults.dailyLimitExceeded = true;
    for (let i = 0; i < 2; i++) {
      const reply = await first();
      expect(reply.status).to.equal(403);
      expect(reply.json).to.deep.equal([
        { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
      ]);
    }
    sandbox.faults.dailyLimitExceeded = false;
    expect((await first()).status).to.equal(200);
  });

  it('concurrentLimit answers 403 ConcurrentPerOrgLongTxn for the next N calls', async () => {
    sandbox.faults.concurrentLimit = 2;
    for (let i = 0; i < 2; i++) {
      const reply = await first();
      expect(reply.status).to.equal(403);
      expect(reply.json).to.deep.equal([
        { message: 'ConcurrentPerOrgLongTxn Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
      ]);
    }
    expect((await first()).status).to.equal(200);
  });

  it('invalidLocatorOnce answers the next locator request with 400 INVALID_QUERY_LOCATOR', async () => {
    const page1 = await first();
    sandbox.faults.invalidLocatorOnce = true;
    const refused = await next(page1);
    expect(refused.status).to.equal(400);
    expect(firstError(refused.json).errorCode).to.equal('INVALID_QUERY_LOCATOR');
    expect((await next(page1)).status).to.equal(200);
  });

  it('invalidLocatorTimes answers the next N locator requests with 400 INVALID_QUERY_LOCATOR', async () => {
    sandbox.faults.invalidLocatorTimes = 2;
    const page1 = await first();
    expect((await first()).status, 'initial query requests are not locator requests').to.equal(200);
    for (let i = 0; i < 2; i++) {
      const refused = await next(page1);
      expect(refused.status).to.equal(400);
      expect(refused.json).to.deep.equal([{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
    }
    expect((await next(page1)).status).to.equal(200);
    expect(sandbox.faults.invalidLocatorTimes).to.equal(0);
  });

  it('apiDisabled answers every API call with 403 API_DISABLED_FOR_ORG while set, without counting it', async () => {
    sandbox.faults.apiDisabled = true;
    for (const path of [queryPath(SOQL), '/services/data/v62.0/limits']) {
      const reply = await get(sandbox, path, token);
      expect(reply.status, path).to.equal(403);
      expect(reply.json).to.deep.equal([
        { message: 'The REST API is not enabled for this Organization.', errorCode: 'API_DISABLED_FOR_ORG' },
      ]);
      expect(reply.headers.get('sforce-limit-info')).to.equal('api-usage=0/100000');
    }
    sandbox.faults.apiDisabled = false;
    expect((await first()).status).to.equal(200);
  });

  it('omitDone leaves done out of the last page only', async () => {
    const small = await startSandbox({ users: 5, batchSize: 2, faults: { omitDone: true } });
    try {
      const pages = await queryAllPages(small, await tokenFor(small), SOQL);
      expect(pages.map((p) => p.records.length)).to.deep.equal([2, 2, 1]);
      expect(pages.map((p) => p.done)).to.deep.equal([false, false, undefined]);
      expect('done' in (pages[2] as object)).to.equal(false);
      expect(pages[2]?.nextRecordsUrl).to.equal(undefined);
    } finally {
      await small.close();
    }
  });

  it('answers an unknown locator or an offset past the end with INVALID_QUERY_LOCATOR', async () => {
    const page1 = await first();
    for (const path of [
      '/services/data/v62.0/query/0r8000000000000000-2000',
      (page1.json.nextRecordsUrl as string).replace(/-\d+$/, '-9999'),
    ]) {
      const reply = await get(sandbox, path, token);
      expect(reply.status, path).to.equal(400);
      expect(firstError(reply.json).errorCode).to.equal('INVALID_QUERY_LOCATOR');
    }
  });

  it('rateLimit429Once answers one 429, then serves', async () => {
    sandbox.faults.rateLimit429Once = true;
    expect((await first()).status).to.equal(429);
    expect((await first()).status).to.equal(200);
  });

  it('takes faults from the options, without changing the options object as they fire', async () => {
    const faults = { rateLimit429Once: true, failPage: { page: 1, status: 503, times: 1 } };
    for (let round = 0; round < 2; round++) {
      const faulty = await startSandbox({ users: 10, faults });
      try {
        const faultyToken = await tokenFor(faulty);
        expect((await get(faulty, queryPath(SOQL), faultyToken)).status).to.equal(429);
        expect((await get(faulty, queryPath(SOQL), faultyToken)).status).to.equal(503);
        expect((await get(faulty, queryPath(SOQL), faultyToken)).status).to.equal(200);
      } finally {
        await faulty.close();
      }
    }
    expect(faults).to.deep.equal({ rateLimit429Once: true, failPage: { page: 1, status: 503, times: 1 } });
  });

  it('delays responses by latencyMs and still answers', async () => {
    const slow = await startSandbox({ users: 10, latencyMs: 5 });
    try {
      expect((await get(slow, queryPath(SOQL), await tokenFor(slow))).status).to.equal(200);
    } finally {
      await slow.close();
    }
  });
});
