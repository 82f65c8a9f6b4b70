import { expect } from 'chai';
import { CancelledError, isTributaryError } from 'tributary-kit';
import { ManualClock, startSandbox, type Sandbox } from '../../salesforce-sandbox/index.js';
import { idsOf, readSandbox, type SandboxRead } from './support/sandbox-read.js';

const USERS = 12_000;

/** The run was cancelled, and its one job aborted and deleted before any result was read. */
function expectCancelledJobCleanedUp(run: SandboxRead, sandbox: Sandbox): void {
  expect(run.error).to.be.instanceOf(CancelledError);
  expect(sandbox.stats).to.include({
    bulkJobsCreated: 1,
    bulkJobsAborted: 1,
    bulkJobsDeleted: 1,
    bulkResultRequests: 0,
  });
}

describe('salesforce-user-attributes read: Bulk API 2.0', () => {
  let sandbox: Sandbox;
  beforeEach(async () => (sandbox = await startSandbox({ users: USERS, seed: 9, latency: true, timeScale: 0 })));
  afterEach(() => sandbox.close());

  it("reads a query job's CSV results into the records REST gives, then deletes the job", async () => {
    const query = 'SELECT Id, Username, IsActive, EmployeeNumber, Manager.Name, Manager.Manager.Name FROM User';
    const bulk = await readSandbox(sandbox, { api: 'bulk', query });
    const rest = await readSandbox(sandbox, { api: 'rest', concurrency: 1, query });
    expect(bulk.error).to.equal(undefined);
    expect(bulk.rows).to.deep.equal(rest.rows);
    expect(bulk.rows.some((r) => r['Manager'] === null)).to.equal(true);
    expect(bulk.rows.some((r) => r['EmployeeNumber'] === null)).to.equal(true);
    expect(bulk.rows.some((r) => r['IsActive'] === false)).to.equal(true);
    expect(bulk.context.expected).to.deep.equal([USERS]);
    expect(bulk.context.expectedFrom).to.have.length(1);
    expect(bulk.context.expectedFrom[0]).to.match(/^Bulk API 2\.0 job 750\w{15} \(numberRecordsProcessed\)$/);
    expect(sandbox.stats).to.include({
      bulkJobsCreated: 1,
      bulkJobsDeleted: 1,
      bulkJobsAborted: 0,
      bulkResultRequests: 3,
    });
    // create, one poll, describe, 3 result sets, delete
    expect(bulk.context.apiCalls).to.equal(7);
  });

  it('reads with Bulk under api: auto from bulkThreshold rows, with REST below', async () => {
    const above = await readSandbox(sandbox, { bulkThreshold: USERS });
    expect(above.rows).to.have.length(USERS);
    expect(sandbox.stats.bulkJobsCreated).to.equal(1);
    const below = await readSandbox(sandbox, { bulkThreshold: USERS + 1 });
    expect(below.rows).to.have.length(USERS);
    expect(sandbox.stats.bulkJobsCreated).to.equal(1);
  });

  it('goes on with the same job after re-authenticating when the session expires between result sets', async () => {
    sandbox.faults.expireSessionAfterPages = 1;
    const run = await readSandbox(sandbox, { api: 'bulk' });
    expect(run.error).to.equal(undefined);
    expect(idsOf(run.rows)).to.have.length(USERS);
    expect(new Set(idsOf(run.rows)).size).to.equal(USERS);
    expect(run.batches.every((b) => b.restarted === undefined)).to.equal(true);
    expect(sandbox.stats).to.include({ bulkJobsCreated: 1, bulkResultRequests: 3, bulkJobsDeleted: 1 });
    expect(sandbox.stats.tokenRequests).to.be.at.least(2); // requests in flight with the expired session renew it each
  });

  it('stops reading result sets at the row limit and deletes the job', async () => {
    const run = await readSandbox(sandbox, { api: 'bulk' }, { maxRows: 7_000 });
    expect(run.error).to.equal(undefined);
    expect(run.rows.length).to.be.within(7_000, 10_000);
    expect(sandbox.stats).to.include({ bulkResultRequests: 2, bulkJobsDeleted: 1 });
  });

  it('falls back to REST, with a warning, when Salesforce refuses a compound field in a job', async () => {
    const run = await readSandbox(sandbox, { api: 'bulk', query: 'SELECT Id, Username, Address FROM User' });
    expect(run.error).to.equal(undefined);
    expect(run.rows).to.have.length(USERS);
    expect(run.rows[0]?.['Address']).to.have.property('city');
    expect(run.context.warnings).to.deep.equal([
      'Bulk API 2.0 refused the query job (API_ERROR: Selecting compound data not supported in Bulk Query): read with the REST API instead',
    ]);
    expect(sandbox.stats.bulkJobsCreated).to.equal(0);
    expect(idsOf(run.rows)).to.deep.equal([...idsOf(run.rows)].sort());
  });

  it("announces the query's totalSize when it falls back to REST, also when the row limit stops the Id ranges early", async () => {
    sandbox.faults.bulkJobLimitExceeded = true;
    const run = await readSandbox(sandbox, { api: 'bulk', concurrency: 4 }, { maxRows: 3_000 });
    expect(run.error).to.equal(undefined);
    expect(run.rows.length).to.be.within(3_000, 5_000);
    expect(sandbox.stats.peakInFlight).to.be.above(1); // read in Id ranges
    expect(run.context.expected).to.deep.equal([USERS]);
    expect(run.context.expectedFrom).to.deep.equal(["Salesforce (the query's totalSize)"]);
  });

  it('falls back to REST when the daily Bulk job limit is reached', async () => {
    sandbox.faults.bulkJobLimitExceeded = true;
    const run = await readSandbox(sandbox, { api: 'bulk' });
    expect(run.error).to.equal(undefined);
    expect(run.rows).to.have.length(USERS);
    expect(run.context.warnings[0]).to.match(
      /^Bulk API 2\.0 refused the query job \(LIMIT_EXCEEDED: Max bulk v2 query jobs/,
    );
  });

  it('says to shorten the query when Bulk refuses a job whose query is too long for the REST API', async () => {
    sandbox.faults.bulkJobLimitExceeded = true;
    // A query only Bulk can take: REST sends it in the URL, which Salesforce caps at 16,384 bytes with the headers.
    const query = `SELECT Id, Username FROM User WHERE Username != '${'x'.repeat(16_000)}'`;
    const run = await readSandbox(sandbox, { api: 'bulk', query });
    expect(isTributaryError(run.error) && run.error.code).to.equal('SF_BULK_REFUSED');
    expect((run.error as Error).message).to.match(
      /^Bulk API 2\.0 refused the query job \(LIMIT_EXCEEDED: .*\), and the query is too long for the REST API .*: shorten the query$/,
    );
    expect(run.rows).to.deep.equal([]);
    expect(sandbox.stats.queryRequests).to.equal(0);
    expect(run.context.warnings).to.deep.equal([]);
  });

  it('falls back to REST, with a warning, when the job ends Failed, and deletes it', async () => {
    sandbox.faults.bulkJobFails = true;
    const run = await readSandbox(sandbox, { api: 'bulk' });
    expect(run.error).to.equal(undefined);
    expect(run.rows).to.have.length(USERS);
    expect(run.context.warnings).to.deep.equal([
      /^Bulk API 2\.0 job (\w+) failed/.exec(run.context.warnings[0] ?? '')?.[0] +
        ' (Failed to process query: an internal error occurred): read with the REST API instead',
    ]);
    expect(sandbox.stats).to.include({ bulkJobsCreated: 1, bulkJobsDeleted: 1, bulkResultRequests: 0 });
  });

  it('falls back to REST when Bulk cannot run the query at all, offline', async () => {
    const typeof_ = await readSandbox(sandbox, { api: 'bulk', query: 'SELECT Id, COUNT(Id) FROM User' });
    expect(typeof_.context.warnings).to.deep.equal([
      'api: bulk, but Bulk API 2.0 does not run aggregates, FIELDS() or sub-queries: read with the REST API instead',
    ]);
    expect(isTributaryError(typeof_.error) && typeof_.error.code).to.equal('SF_MALFORMED_QUERY'); // the sandbox's REST API does not run it either
    expect(sandbox.stats.bulkJobsCreated).to.equal(0);
  });

  it('fails on a query REST would refuse too, without falling back', async () => {
    const run = await readSandbox(sandbox, { api: 'bulk', query: 'SELECT Id, Nickname FROM User' });
    expect(isTributaryError(run.error) && run.error.code).to.equal('SF_INVALID_FIELD');
    expect(sandbox.stats.queryRequests).to.equal(0);
    expect(run.context.warnings).to.deep.equal([]);
  });

  describe('jobs still processing', () => {
    let clock: ManualClock;
    let ticker: NodeJS.Timeout;
    beforeEach(async () => {
      await sandbox.close();
      clock = new ManualClock();
      sandbox = await startSandbox({ users: USERS, seed: 9, latency: true, clock });
      ticker = setInterval(() => clock.advance(100), 1);
    });
    afterEach(() => clearInterval(ticker));

    it('aborts and deletes the job when the run is cancelled while it processes', async () => {
      const abort = new AbortController();
      // token, job creation, then the first poll: the run knows its job
      const watch = setInterval(() => void (sandbox.stats.requests >= 3 && abort.abort()), 1);
      const run = await readSandbox(sandbox, { api: 'bulk' }, { signal: abort.signal });
      clearInterval(watch);
      expectCancelledJobCleanedUp(run, sandbox);
    });

    it('deletes a job Salesforce made while the run was being cancelled, its answer still on the way', async () => {
      clearInterval(ticker);
      const abort = new AbortController();
      // The modelled clock moves until the job exists; the tick that sees it cancels the run instead, so
      // the creation's answer is still paced when the run is cancelled.
      ticker = setInterval(() => {
        if (!abort.signal.aborted && sandbox.stats.bulkJobsCreated >= 1) return abort.abort();
        clock.advance(100);
      }, 1);
      const run = await readSandbox(sandbox, { api: 'bulk' }, { signal: abort.signal });
      expectCancelledJobCleanedUp(run, sandbox);
    });

    it('gives up after the timeout, aborting and deleting the job', async () => {
      const run = await readSandbox(sandbox, { api: 'bulk' }, { bulk: { timeoutMs: 1 } });
      expect(isTributaryError(run.error) && run.error.code).to.equal('SF_BULK_JOB_TIMEOUT');
      expect(sandbox.stats).to.include({ bulkJobsCreated: 1, bulkJobsAborted: 1, bulkJobsDeleted: 1 });
    });
  });
});
