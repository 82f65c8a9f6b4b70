import { expect } from 'chai';
import { SALESFORCE_LATENCY, WarpClock, startSandbox, type Sandbox } from '../index.js';
import { answerMs } from '../latency-model.js';
import { ManualClock } from '../manual-clock.js';
import { firstError, get, queryPath, tokenFor, type QueryPage, type Reply } from './sandbox-client.js';

const SOQL = 'SELECT Id, Username, Email, Department, Title, Manager.Name FROM User';

/** Lets I/O run, a millisecond at a time and at most `tries` times, until `condition` holds; the caller asserts it after. */
async function pollUntil(condition: () => boolean, tries = 5_000): Promise<void> {
  for (let i = 0; i < tries && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('sandbox latency model', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('pins the figures of the latency model', () => {
    expect(SALESFORCE_LATENCY).to.include({
      tokenMs: 250,
      firstPageMs: 600,
      nextPageMs: 250,
      perRecordMs: 0.15,
      bytesPerSecond: 4_000_000,
      bulkMsPer1000Rows: 50,
      bulkMinProcessingMs: 2_000,
      longRequestMs: 20_000,
      longRequestLimit: 25,
    });
  });

  it('answers after the modelled time to the first byte for the kind of request', async () => {
    const clock = new ManualClock();
    sandbox = await startSandbox({ users: 4_500, latency: true, clock });
    // The sandbox writes an answer once its wait for the first byte ends: that wait is still on a
    // millisecond before the modelled time, and over at it.
    const settles = async <T>(request: Promise<T>, firstByteMs: number): Promise<T> => {
      let done = false;
      void request.then(
        () => void (done = true),
        () => void (done = true),
      );
      await pollUntil(() => clock.waiting > 0);
      expect(clock.waiting, 'the request waits for its first byte').to.equal(1);
      clock.advance(firstByteMs - 1);
      expect(clock.waiting, 'its first byte is due before its time').to.equal(1);
      expect(done, 'answered before its time').to.equal(false);
      clock.advance(1);
      expect(clock.waiting, 'its first byte is not due at its time').to.equal(0);
      return clock.runUntil(request, 1);
    };
    const token = await settles(tokenFor(sandbox), 250);
    const first = await settles(get(sandbox, queryPath(SOQL), token), 600);
    expect(first.json.records).to.have.length(2_000);
    await settles(get(sandbox, first.json.nextRecordsUrl as string, token), 250 + 0.15 * 2_000);
    const bytes = Buffer.byteLength(first.text);
    expect(answerMs(SALESFORCE_LATENCY, 'first-page', 2_000, bytes)).to.equal(600 + (bytes * 1000) / 4e6);
  });

  it('says what a strictly sequential read costs at least: the sum of the modelled answers', async () => {
    sandbox = await startSandbox({ users: 4_500, latency: true, timeScale: 0 });
    const token = await tokenFor(sandbox);
    let path: string | undefined = queryPath(SOQL);
    while (path) {
      const page: Reply<QueryPage> = await get(sandbox, path, token);
      path = page.json.nextRecordsUrl;
    }
    const floor = sandbox.sequentialFloorMs(SOQL);
    expect(floor).to.be.closeTo(sandbox.stats.modelledMs, sandbox.stats.modelledMs * 0.002);
    expect(floor).to.be.greaterThan(250 + 600 + 2 * (250 + 0.15 * 2_000));
    expect(answerMs(SALESFORCE_LATENCY, 'next-page', 2_000, 400_000)).to.equal(250 + 300 + 100);
  });

  it('on a WarpClock, answers at once, a lone request taking exactly its modelled time on that clock', async () => {
    const clock = new WarpClock();
    sandbox = await startSandbox({ users: 4_500, latency: true, clock });
    const token = await tokenFor(sandbox);
    const afterToken = clock.now();
    expect(afterToken, 'the token: 250 ms and its few hundred bytes').to.be.within(250, 251);
    const first = await get(sandbox, queryPath(SOQL), token);
    const bytes = Buffer.byteLength(first.text);
    expect(clock.now() - afterToken).to.be.closeTo(answerMs(SALESFORCE_LATENCY, 'first-page', 2_000, bytes), 1e-6);
    const before = clock.now();
    const next = await get(sandbox, first.json.nextRecordsUrl as string, token);
    const nextBytes = Buffer.byteLength(next.text);
    expect(clock.now() - before).to.be.closeTo(answerMs(SALESFORCE_LATENCY, 'next-page', 2_000, nextBytes), 1e-6);
  });

  it('refuses a request while the org has its limit of requests running for 20 s or more, and only then', async () => {
    const clock = new ManualClock();
    // Pages of 2,000 records take 250 ms + 2,000 × 15 ms = 30 s to their first byte: long transactions.
    sandbox = await startSandbox({ users: 4_500, latency: { perRecordMs: 15, longRequestLimit: 2 }, clock });
    const token = await clock.runUntil(tokenFor(sandbox), 10);
    const first = await clock.runUntil(get(sandbox, queryPath(SOQL), token), 10);
    const next = first.json.nextRecordsUrl as string;
    const queries = sandbox.stats.queryRequests;
    const long = [get(sandbox, next, token), get(sandbox, next, token)];
    await pollUntil(() => sandbox!.stats.queryRequests === queries + 2);
    const early = get(sandbox, queryPath(SOQL), token); // the two have run for 0 s: a short request is welcome
    // The sandbox admits a query request in the turn it counts it: the clock moves on once all three are in.
    await pollUntil(() => sandbox!.stats.queryRequests === queries + 3 && sandbox!.stats.inFlight === 3);
    expect(
      [sandbox.stats.queryRequests - queries, sandbox.stats.inFlight],
      'the three requests in flight',
    ).to.deep.equal([3, 3]);
    clock.advance(20_000);
    const refused = await clock.runUntil(get(sandbox, queryPath(SOQL), token), 1);
    expect(refused.status).to.equal(403);
    expect(firstError(refused.json)).to.deep.equal({
      message: 'ConcurrentPerOrgLongTxn Limit exceeded.',
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    });
    const answers = await clock.runUntil(Promise.all([...long, early]), 1_000);
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 200]);
    const after = await clock.runUntil(get(sandbox, queryPath(SOQL), token), 10);
    expect(after.status).to.equal(200);
    expect(sandbox.stats.peakInFlight).to.equal(4);
  });
});
