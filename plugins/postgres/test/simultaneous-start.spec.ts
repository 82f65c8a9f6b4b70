import { expect } from 'chai';
import type pg from 'pg';
import { RunCoordinatorService } from 'tributary-kit';
import { clusterHost, perTestCluster } from './cluster-host.js';

describe('postgres cluster: hosts starting at the same moment', function () {
  this.timeout(120_000);
  let db: pg.Client;
  let url: string;
  const hosts = perTestCluster((fresh) => ({ url, db } = fresh));

  it("starts five hosts at once on a new database: pg-boss's schema, the cluster tables and the tick queue are created in turn under one lock", async () => {
    // A URL of its own gives each host its own pool, as separate processes have.
    const started = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => clusterHost(`${url}?application_name=host${i}`, { rows: 1 }, `host-${i}:1`)),
    );
    hosts.push(...started);
    const outcomes = await Promise.allSettled(
      started.map((h) => h.service(RunCoordinatorService)!.work(1, async () => undefined)),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).to.deep.equal([]);
    const { rows } = await db.query(`SELECT name FROM pgboss.queue`);
    expect(rows).to.deep.equal([{ name: 'tributary-ticks' }]);
    for (const host of started) await host.service(RunCoordinatorService)!.stopWorking();
  });
});
