import { expect } from 'chai';
import { CancelledError, TransientError } from 'tributary-kit';
import { BoundedPool } from '../../host/serve/server/bounded-pool.js';
import { stoppedAfterEach } from '../support/stopped-after-each.js';
import { OPERATOR_TOKEN, countedChecks, serverEnv } from './server-fixture.js';
import { startServing, type Serving } from './start-serving.js';

/** Resolves with the first `n` of `promises` to settle, in the order they did. */
function firstSettled<T>(promises: ReadonlyArray<Promise<T>>, n: number): Promise<T[]> {
  const settled: T[] = [];
  return new Promise((resolve, reject) => {
    for (const p of promises) {
      p.then((value) => {
        settled.push(value);
        if (settled.length === n) resolve([...settled]);
      }, reject);
    }
  });
}

describe('serve: checks share a bounded pool', () => {
  const stopLater = stoppedAfterEach<Serving>();

  it('runs server.maxConcurrentChecks checks at once, queues server.maxQueuedChecks, and answers 429 with Retry-After to the others', async () => {
    let release: () => void = () => undefined;
    const { config, plugins, counter } = countedChecks(new Promise<void>((resolve) => (release = resolve)));
    const serving = stopLater(
      await startServing({
        config,
        server: { token: '${OPERATOR_TOKEN}', maxConcurrentChecks: 2, maxQueuedChecks: 3 },
        plugins,
        env: { ...serverEnv, OPERATOR_TOKEN },
      }),
    );
    const check = () =>
      fetch(`${serving.url}/api/connectors/held_users/check`, {
        method: 'POST',
        headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
      });
    const requests = Array.from({ length: 13 }, check);
    // The held checks never end until released: whatever the order of arrival, 2 run, 3 wait and 8 are refused.
    const refused = await firstSettled(requests, 8);
    expect(refused.map((r) => r.status)).to.deep.equal(Array(8).fill(429));
    expect(refused.map((r) => r.headers.get('retry-after'))).to.deep.equal(Array(8).fill('5'));
    expect(((await refused[0]!.json()) as { error: string }).error).to.match(/2 check\(s\) are running and 3 waiting/);
    expect(counter.started).to.equal(2);
    release();
    const answers = await Promise.all(requests);
    const accepted = answers.filter((r) => r.status !== 429);
    expect(accepted.map((r) => r.status)).to.deep.equal([200, 200, 200, 200, 200]);
    expect(((await accepted[4]!.json()) as { ok: boolean }).ok).to.equal(true);
    expect(counter.started).to.equal(5);
  });

  it('takes a waiting task out of the queue when its request is gone, and hands each freed slot to the next', async () => {
    const pool = new BoundedPool({ concurrency: 1, queue: 1, refusal: () => new TransientError('HTTP_BUSY', 'busy') });
    let release: () => void = () => undefined;
    const first = pool.run(() => new Promise<string>((resolve) => (release = () => resolve('first'))));
    const gone = new AbortController();
    const ran: string[] = [];
    const waiting = pool.run(async () => void ran.push('abandoned'), gone.signal);
    await pool
      .run(async () => undefined)
      .then(
        () => expect.fail('the queue is full'),
        (error: unknown) => expect(error).to.be.instanceOf(TransientError),
      );
    gone.abort();
    await waiting.then(
      () => expect.fail('an abandoned task does not run'),
      (error: unknown) => expect(error).to.be.instanceOf(CancelledError),
    );
    expect([pool.running, pool.waiting]).to.deep.equal([1, 0]);
    const next = pool.run(async () => ran.push('next'));
    release();
    expect(await first).to.equal('first');
    await next;
    expect(ran).to.deep.equal(['next']);
    expect([pool.running, pool.waiting]).to.deep.equal([0, 0]);
  });
});
