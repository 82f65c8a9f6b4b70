import { expect } from 'chai';
import type pg from 'pg';
import { ControlStoreService, type HeldRun } from 'tributary-kit';
import { assertTyped, describeControlStore, rejection } from '../../../testing.js';
import { connectCluster } from '../connection.js';
import { pgControlStore } from '../control/pg-control-store.js';
import { clusterDatabase, clusterHost, perTestCluster, unhandledRejections } from './cluster-host.js';
import { startDatabaseProxy } from './database-proxy.js';

const T0 = new Date('2026-12-01T10:00:00.123Z');

const held: HeldRun = {
  runId: 'run-1',
  nqlId: 'people',
  host: 'a:1',
  heldAt: T0,
  deadline: new Date(T0.getTime() + 60_000),
  reasons: ['3 leavers, more than the 2 allowed'],
  counts: { receivedRows: 10, processedRows: 10, leavers: 3 },
};

describe('postgres control store', function () {
  this.timeout(60_000);

  describeControlStore('postgres', async () => {
    const { url, db } = await clusterDatabase();
    const connection = connectCluster(url, 8);
    return {
      store: pgControlStore(() => connection.pool()),
      async teardown() {
        await connection.release();
        await db.end();
      },
    };
  });

  describe('in a cluster', () => {
    let url: string;
    let db: pg.Client;
    const hosts = perTestCluster((fresh) => ({ url, db } = fresh));
    const unhandled = unhandledRejections();

    it('overrides the control store: a run one host holds, another decides, and the tables hold it', async () => {
      const a = await clusterHost(url, { rows: 1 }, 'a:1');
      const b = await clusterHost(url, { rows: 1 }, 'b:2');
      hosts.push(a, b);
      await a.service(ControlStoreService)!.hold(held);
      const decision = { verdict: 'rejected' as const, by: 'ops', address: '10.0.0.9', at: T0 };
      expect(await b.service(ControlStoreService)!.decide('run-1', decision)).to.deep.equal({
        outcome: 'decided',
        run: { ...held, decision },
      });
      expect((await a.service(ControlStoreService)!.decide('run-1', { ...decision, by: 'timeout' })).outcome).to.equal(
        'already',
      );
      const { rows } = await db.query('SELECT run_id, verdict, decided_by FROM tributary.held_runs');
      expect(rows).to.deep.equal([{ run_id: 'run-1', verdict: 'rejected', decided_by: 'ops' }]);
      const version = await db.query('SELECT version FROM tributary.schema_version');
      expect(version.rows).to.deep.equal([{ version: 4 }]);
    });

    it('fails a call, not the process, while the database is unreachable, and answers again once it is back', async () => {
      const proxy = await startDatabaseProxy(url);
      const connection = connectCluster(proxy.url, 2);
      try {
        const store = pgControlStore(() => connection.pool());
        await store.pause({ nqlId: 'people', by: 'ops', at: T0 });
        await proxy.cut();
        const audit = { time: T0, actor: { name: 'cli' }, action: 'pause', target: 'people', outcome: 'done' } as const;
        for (const [call, sentence] of [
          [() => store.pauses(), 'Could not list the paused connectors of'],
          [() => store.recordAudit(audit), 'Could not record an operator action in'],
        ] as const) {
          const error = assertTyped(await rejection(call(), sentence), ['fatal']);
          expect(error.code).to.equal('POSTGRES_CONTROL_FAILED');
          expect(error.message).to.match(
            new RegExp(`^${sentence} the PostgreSQL control store: the connection to the database was lost \\(`),
          );
        }
        await proxy.restore();
        expect(await store.pauses()).to.deep.equal([{ nqlId: 'people', by: 'ops', at: T0 }]);
        expect(unhandled).to.deep.equal([]);
      } finally {
        await connection.release();
        await proxy.close();
      }
    });
  });
});
