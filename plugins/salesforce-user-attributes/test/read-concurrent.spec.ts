import { expect } from 'chai';
import { CancelledError, FatalError, isTributaryError } from 'tributary-kit';
import { startSandbox, type Sandbox } from '../../salesforce-sandbox/index.js';
import { CONCURRENCY_WARNING } from '../src/gated-source.js';
import { SESSION_EXPIRED } from '../src/restart-policy.js';
import { DEFAULT_QUERY, checkSandbox, idsOf, readSandbox } from './support/sandbox-read.js';

const USERS = 30_000;

/** The sandbox's requests in flight once none is left, letting I/O run a millisecond at a time (5,000 times at most). */
async function inFlightOnceDrained(sandbox: Sandbox): Promise<number> {
  for (let tries = 0; tries < 5_000 && sandbox.stats.inFlight > 0; tries++)
    await new Promise((resolve) => setTimeout(resolve, 1));
  return sandbox.stats.inFlight;
}

describe('salesforce-user-attributes read: concurrent Id ranges', () => {
  let sandbox: Sandbox;
  let all: string[];
  before(async () => {
    const reference = await startSandbox({ users: USERS, seed: 5 });
    all = idsOf((await readSandbox(reference, { api: 'rest', concurrency: 1 })).rows);
    await reference.close();
  });
  beforeEach(async () => (sandbox = await startSandbox({ users: USERS, seed: 5, latency: true, timeScale: 0 })));
  afterEach(() => sandbox.close());

  it("reads every row once, ascending by Id, with several streams at once; received rows = the ranges' totalSize", async () => {
    const run = await readSandbox(sandbox, { api: 'rest', concurrency: 4 });
    expect(run.error).to.equal(undefined);
    expect(idsOf(run.rows)).to.deep.equal([...all].sort());
    expect(sandbox.stats.peakInFlight).to.be.within(2, 4);
    expect(run.context.expected).to.deep.equal([USERS, USERS]); // the first page's total, then the ranges' sum
    expect(run.context.expectedFrom).to.deep.equal([
      "Salesforce (the query's totalSize)",
      'Salesforce (the totalSize of 16 Id ranges)', // ranges of one page at most
    ]);
    expect(run.context.apiCalls).to.equal(sandbox.usage.used);
    expect(run.context.warnings).to.deep.equal([]);
  });

  it('stops every stream at the row limit and keeps the first rows by Id', async () => {
    const run = await readSandbox(sandbox, { api: 'rest', concurrency: 4 }, { maxRows: 7_777 });
    expect(run.error).to.equal(undefined);
    const ids = idsOf(run.rows);
    expect(ids.length).to.be.within(7_777, 7_777 + 2_000);
    expect(ids).to.deep.equal([...all].sort().slice(0, ids.length));
    expect(run.context.apiCalls).to.be.below(18); // 30,000 rows are 15 pages: the ranges past the limit are never read to their end
  });

  it('stops when the host asks, aborting what the other streams have in flight', async () => {
    const run = await readSandbox(
      sandbox,
      { api: 'rest', concurrency: 4 },
      { onBatch: (c, i) => void (i === 1 && (c.stopRequested = true)) },
    );
    expect(run.error).to.equal(undefined);
    expect(run.batches).to.have.length(2);
    expect(await inFlightOnceDrained(sandbox)).to.equal(0);
  });

  it('restarts every stream from the first range when the session expires, without a duplicate row', async () => {
    sandbox.faults.expireSessionAfterPages = 10;
    const run = await readSandbox(sandbox, { api: 'rest', concurrency: 4 });
    expect(run.error).to.equal(undefined);
    expect(run.batches.filter((b) => b.restarted !== undefined).map((b) => b.restarted)).to.deep.equal([
      SESSION_EXPIRED,
    ]);
    expect(idsOf(run.rows)).to.deep.equal([...all].sort());
    expect(sandbox.stats.tokenRequests).to.equal(2);
  });

  it('fails when the renewed session expires too', async () => {
    Object.assign(sandbox.faults, { expireSessionAfterPages: 10, expireSessionTimes: 2 });
    const run = await readSandbox(sandbox, { api: 'rest', concurrency: 4 });
    expect(isTributaryError(run.error) && run.error.code).to.equal('SF_INVALID_SESSION_ID');
  });

  it('backs off and lowers the streams on ConcurrentPerOrgLongTxn, and never fails for it', async () => {
    sandbox.faults.concurrentLimit = 40; // far more refusals than the client's own retries
    const run = await readSandbox(sandbox, { api: 'rest', concurrency: 4 });
    expect(run.error).to.equal(undefined);
    expect(idsOf(run.rows)).to.deep.equal([...all].sort());
    expect([...new Set(run.context.warnings)]).to.deep.equal([CONCURRENCY_WARNING]);
  });

  it("lowers the streams when requests lasting 20 s or more fill the org's long-transaction limit", async () => {
    await sandbox.close();
    // Each page takes about 30 s to its first byte (modelled, 1 real ms per 10 s): two long requests at once fill the limit.
    sandbox = await startSandbox({
      users: USERS,
      seed: 5,
      latency: { perRecordMs: 15, longRequestLimit: 2 },
      timeScale: 0.0001,
    });
    const run = await readSandbox(sandbox, { api: 'rest', concurrency: 4 });
    expect(run.error).to.equal(undefined);
    expect(idsOf(run.rows)).to.deep.equal([...all].sort());
    expect([...new Set(run.context.warnings)]).to.deep.equal([CONCURRENCY_WARNING]);
  });

  it('stops at the quota guard', async () => {
    sandbox.faults.quota = { used: 79_995, max: 100_000 };
    const run = await readSandbox(sandbox, { api: 'rest', concurrency: 4 });
    expect(run.error).to.be.instanceOf(FatalError);
    expect(isTributaryError(run.error) && run.error.code).to.equal('SF_API_QUOTA_GUARD');
  });

  it('is cancelled: every stream stops, the read fails with CANCELLED', async () => {
    const abort = new AbortController();
    const run = await readSandbox(
      sandbox,
      { api: 'rest', concurrency: 4 },
      { signal: abort.signal, onBatch: (_, i) => void (i === 2 && abort.abort()) },
    );
    expect(run.error).to.be.instanceOf(CancelledError);
    expect(await inFlightOnceDrained(sandbox)).to.equal(0);
  });

  it('reads sequentially what the split cannot preserve, and small queries', async () => {
    for (const [query, users, rows] of [
      [`${DEFAULT_QUERY} ORDER BY Username`, USERS, USERS],
      [`${DEFAULT_QUERY} LIMIT 25000`, USERS, 25_000],
      [DEFAULT_QUERY, 10_000, 10_000],
    ] as const) {
      await sandbox.close();
      sandbox = await startSandbox({ users, seed: 5 });
      const run = await readSandbox(sandbox, { api: 'rest', query });
      expect(run.error).to.equal(undefined);
      expect(sandbox.stats.peakInFlight).to.equal(1);
      expect(run.rows).to.have.length(rows);
      expect(sandbox.stats.queryRequests).to.equal(Math.ceil(rows / 2_000));
    }
  });

  it('check says how a run would read, and why not in Id ranges', async () => {
    const ordered = await checkSandbox(sandbox, { query: `${DEFAULT_QUERY} ORDER BY Username` });
    expect(ordered.messages).to.include(
      'A run reads the REST query API one page after the other: the query cannot be split into Id ranges: it has its own ORDER BY',
    );
    const plain = await checkSandbox(sandbox, { concurrency: 6 });
    expect(plain.messages).to.include('A run reads the REST query API in Id ranges, 6 streams at once');
  });

  it('ANDs the configured WHERE clause with each range', async () => {
    const run = await readSandbox(sandbox, {
      api: 'rest',
      concurrency: 3,
      query: `${DEFAULT_QUERY} WHERE Department != 'Sales' OR Title = 'Analyst'`,
    });
    expect(run.error).to.equal(undefined);
    expect(run.rows.length).to.be.above(20_000).and.below(USERS);
    expect(run.rows.every((r) => r['Department'] !== 'Sales' || r['Title'] === 'Analyst')).to.equal(true);
    const ids = idsOf(run.rows);
    expect(ids).to.deep.equal([...ids].sort());
    expect(sandbox.stats.peakInFlight).to.be.above(1);
  });
});
