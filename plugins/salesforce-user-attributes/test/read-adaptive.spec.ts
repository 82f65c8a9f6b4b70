import { expect } from 'chai';
import { memoryLogger } from '../../../testing.js';
import { WarpClock, startSandbox, type LatencyModel, type Sandbox } from '../../salesforce-sandbox/index.js';
import { DEFAULT_QUERY, idsOf, readSandbox } from './support/sandbox-read.js';

const USERS = 30_000;
/** Bodies arrive at once: a page takes its time to the first byte, nothing more. */
const NO_TRANSFER: Partial<LatencyModel> = { bytesPerSecond: 1e15 };

/**
 * `concurrency: auto` against sandboxes that answer the first page after a set time. The sandbox and the
 * connector share a `WarpClock`: the connector times the first page as it would time a real org, and
 * nothing waits for real.
 */
describe('salesforce-user-attributes read: streams chosen from the first page', () => {
  let sandbox: Sandbox | undefined;
  let all: string[];
  before(async () => {
    const reference = await startSandbox({ users: USERS, seed: 9 });
    all = idsOf((await readSandbox(reference, { api: 'rest', concurrency: 1 })).rows).sort();
    await reference.close();
  });
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  /** Reads the sandbox whose first pages take `firstPageMs` (on the shared clock), with the parameters' defaults. */
  async function readWithFirstPage(firstPageMs: number, parameters: Record<string, unknown> = {}) {
    const clock = new WarpClock();
    sandbox = await startSandbox({ users: USERS, seed: 9, latency: { ...NO_TRANSFER, firstPageMs }, clock });
    const logger = memoryLogger();
    const run = await readSandbox(sandbox, { api: 'rest', ...parameters }, { logger, now: () => clock.now() });
    const plan = logger.lines.filter((line) => line.startsWith('info: salesforce_user_attributes: '));
    return { run, plan, stats: sandbox.stats };
  }

  it('an org that answers at once: one page after the other, every row once', async () => {
    const { run, plan, stats } = await readWithFirstPage(20);
    expect(run.error).to.equal(undefined);
    expect(plan).to.deep.equal([
      'info: salesforce_user_attributes: sequential read (concurrency is auto and the first page took 20 ms for 2,000 rows: too little latency for Id ranges to pay (from 3 streams))',
    ]);
    expect(idsOf(run.rows).sort()).to.deep.equal(all);
    expect(stats.queryRequests).to.equal(USERS / 2_000); // no bound, no range: the pages of the query
    expect(stats.peakInFlight).to.equal(1);
    expect(run.context.expected).to.deep.equal([USERS]);
  });

  it('a slow first page: as many streams as its time holds the host’s work on a page, every row once, ascending', async () => {
    const { run, plan, stats } = await readWithFirstPage(400); // 400 ms / (2,000 rows × 20 ms per 1,000 rows)
    expect(run.error).to.equal(undefined);
    expect(plan).to.deep.equal([
      'info: salesforce_user_attributes: 10 concurrent Id-range streams, 20 ranges, 34 pages held at most (concurrency is auto and the first page took 400 ms for 2,000 rows)',
    ]);
    expect(idsOf(run.rows)).to.deep.equal(all);
    expect(stats.peakInFlight).to.be.within(2, 10);
    expect(run.context.expected).to.deep.equal([USERS, USERS]);
    expect(run.context.expectedFrom[1]).to.equal('Salesforce (the totalSize of 20 Id ranges)');
  });

  it('a very slow first page: the most streams, no more', async () => {
    const { run, plan, stats } = await readWithFirstPage(3_000);
    expect(run.error).to.equal(undefined);
    expect(plan).to.deep.equal([
      'info: salesforce_user_attributes: 32 concurrent Id-range streams, 64 ranges, 34 pages held at most (concurrency is auto and the first page took 3,000 ms for 2,000 rows)',
    ]);
    expect(idsOf(run.rows)).to.deep.equal(all);
    expect(stats.peakInFlight).to.be.within(2, 32);
    expect(run.context.warnings).to.deep.equal([]);
  });

  it('a configured number of streams is kept, however the first page came', async () => {
    for (const [firstPageMs, concurrency] of [
      [20, 4],
      [3_000, 4],
    ] as const) {
      const { run, plan } = await readWithFirstPage(firstPageMs, { concurrency });
      expect(run.error).to.equal(undefined);
      expect(plan, `${firstPageMs} ms`).to.deep.equal([
        'info: salesforce_user_attributes: 4 concurrent Id-range streams, 16 ranges, 34 pages held at most (concurrency is 4)',
      ]);
      expect(idsOf(run.rows)).to.deep.equal(all);
      await sandbox?.close();
      sandbox = undefined;
    }
    const { plan } = await readWithFirstPage(3_000, { concurrency: 1, query: DEFAULT_QUERY });
    expect(plan).to.deep.equal(['info: salesforce_user_attributes: sequential read (concurrency is 1)']);
  });
});

/** Lets the connector's streams and the sandbox run for one turn of the event loop. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('salesforce-user-attributes read: pages held in memory', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('under a slow sink, the streams request no page past the pages held, and every row comes once, ascending', async () => {
    const clock = new WarpClock();
    sandbox = await startSandbox({ users: USERS, seed: 9, latency: { ...NO_TRANSFER, firstPageMs: 3_000 }, clock });
    const org = sandbox;
    const reference = await startSandbox({ users: USERS, seed: 9 });
    const all = idsOf((await readSandbox(reference, { api: 'rest', concurrency: 1 })).rows);
    await reference.close();
    const logger = memoryLogger();
    let plan: { streams: number; ranges: number; pages: number } | undefined;
    /** Range pages the sandbox was asked for: its query requests past the first page and the two Id bounds. */
    const requested = (): number => org.stats.queryRequests - 3;
    const held: number[] = [];
    const sink = async (index: number): Promise<void> => {
      if (plan === undefined) {
        const line = logger.lines.find((l) => l.includes('Id-range streams')) ?? '';
        const [streams, ranges, pages] = /(\d+) concurrent Id-range streams, (\d+) ranges, (\d+) pages held/
          .exec(line)
          ?.slice(1)
          .map(Number) ?? [0, 0, 0];
        plan = { streams: streams!, ranges: ranges!, pages: pages! };
      }
      const taken = index + 1;
      // The sink holds its batch until every range is requested, or the streams have used the budget and
      // the sandbox has answered every request: they can go no further until the sink takes a page.
      const stuck = (): boolean => org.stats.inFlight === 0 && requested() - taken >= plan!.pages;
      for (let turns = 0; requested() < plan.ranges && !stuck(); turns++) {
        expect(turns, 'the streams use the budget').to.be.below(100_000);
        await turn();
      }
      held.push(requested() - taken);
    };
    const run = await readSandbox(org, { api: 'rest' }, { logger, sink, now: () => clock.now() });
    expect(run.error).to.equal(undefined);
    expect(idsOf(run.rows)).to.deep.equal(all);
    // 2,000 rows of six fields are about 725,000 characters: 34 pages, for 32 streams.
    expect(plan).to.deep.equal({ streams: 32, ranges: 64, pages: 34 });
    expect(run.batches).to.have.length(64); // a range is one page
    expect(Math.max(...held), 'pages requested and not taken').to.equal(34);
    expect(org.stats.peakInFlight).to.be.at.most(32);
  });
});
