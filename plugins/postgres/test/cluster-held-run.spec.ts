import { expect } from 'chai';
import type pg from 'pg';
import { ControlStoreService, type SourceRecord } from 'tributary-kit';
import {
  defaultSyntheticRecord,
  startTestHost,
  syntheticConnector,
  testPlugin,
  type TestHost,
} from '../../../testing.js';
import { peopleInCluster, perTestCluster, poll } from './cluster-host.js';

const USERS = 20;

describe('a held run in a cluster', function () {
  this.timeout(120_000);
  let db: pg.Client;
  let url: string;
  const hosts = perTestCluster((fresh) => ({ url, db } = fresh));
  let department = 'Sales';
  const record = (i: number): SourceRecord => ({ ...defaultSyntheticRecord(i), Level: i, Department: department });

  /** A cluster host whose `people` runs are held when more than 10 % of their users would change. */
  const start = async (hostName: string): Promise<TestHost> => {
    const host = await startTestHost({
      config: peopleInCluster({
        hostName,
        fields: ['Department', 'Level'],
        connector: { hold: { maxChangedPercent: 10 } },
      }),
      env: { PG_URL: url },
      plugins: [
        testPlugin({
          id: 'synthetic-source',
          connectorTemplates: [syntheticConnector({ id: 'synthetic', rows: USERS, record })],
        }),
      ],
    });
    hosts.push(host);
    return host;
  };
  const departments = async (): Promise<string[]> =>
    (
      await db.query(
        `SELECT DISTINCT value #>> '{}' AS v FROM tributary.user_attributes WHERE field = 'department' ORDER BY 1`,
      )
    ).rows.map((r: { v: string }) => r.v);

  /** The first run commits (an initial load changes nothing); the second, where every department changed, is held on `a`. */
  const heldOnA = async () => {
    department = 'Sales';
    const a = await start('a:1');
    const b = await start('b:1');
    expect((await a.run('people')).status).to.equal('success');
    department = 'Marketing';
    const running = a.run('people');
    const held = await poll(
      'the held run, seen from b',
      async () => (await b.service(ControlStoreService)!.heldRuns())[0],
    );
    return { a, b, running, held };
  };

  beforeEach(() => (department = 'Sales'));

  it('is seen and approved from another host, and commits on the host that holds it', async () => {
    const { b, running, held } = await heldOnA();
    expect(held).to.deep.include({ nqlId: 'people', host: 'a:1' });
    expect(held.counts).to.deep.include({ processedRows: USERS, leavers: 0, changedUsers: USERS, clearedValues: 0 });
    expect(held.reasons).to.deep.equal([
      `${USERS} users changed, 100.0 % of ${USERS} users (hold.maxChangedPercent 10)`,
    ]);
    expect(await departments()).to.deep.equal(['Sales']); // nothing committed while held
    const decided = await b
      .service(ControlStoreService)!
      .decide(held.runId, { verdict: 'approved', by: 'ops-team', address: '10.0.0.7', at: new Date() });
    expect(decided.outcome).to.equal('decided');
    const result = await running;
    expect(result.status).to.equal('success');
    expect(result.description).to.match(/Held: 20 users changed.*; approved by ops-team \(10\.0\.0\.7\) at /);
    expect(await departments()).to.deep.equal(['Marketing']);
    // A second decision, from the host that held it, finds the first one.
    const again = await b
      .service(ControlStoreService)!
      .decide(held.runId, { verdict: 'rejected', by: 'late', at: new Date() });
    expect(again.outcome).to.not.equal('decided');
  });

  it('rejected from another host, fails and commits nothing', async () => {
    const { b, running, held } = await heldOnA();
    await b.service(ControlStoreService)!.decide(held.runId, { verdict: 'rejected', by: 'ops-team', at: new Date() });
    const result = await running;
    expect(result.status).to.equal('failure');
    expect(result.description).to.match(/^Held: 20 users changed.*; rejected by ops-team: nothing was committed/);
    expect(await departments()).to.deep.equal(['Sales']);
  });

  it('commits nothing once the holding host lost its lease, even when approved', async () => {
    const { b, running, held } = await heldOnA();
    // As if a had been cut off while it waited: its lease expires under it.
    await db.query(`UPDATE tributary.running_runs SET lease_until = clock_timestamp()`);
    await b.service(ControlStoreService)!.decide(held.runId, { verdict: 'approved', by: 'ops-team', at: new Date() });
    const result = await running;
    expect(result.status).to.equal('failure');
    // Whichever comes first: the heartbeat finds the lease gone (the run is cancelled), or the approved
    // commit is fenced by the sink (it commits only while the run holds the lease).
    expect(result.description).to.match(
      /^(Cluster lease lost|Run \S+ no longer holds its cluster lease: its rows are not committed)/,
    );
    expect(await departments()).to.deep.equal(['Sales']);
  });
});
