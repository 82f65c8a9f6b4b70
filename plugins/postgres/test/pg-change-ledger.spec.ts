import { expect } from 'chai';
import { ChangeLedgerService } from 'tributary-kit';
import { describeChangeLedger } from '../../../testing.js';
import { connectCluster } from '../connection.js';
import { pgChangeLedger } from '../ledger/pg-change-ledger.js';
import { migrate } from '../schema.js';
import { clusterDatabase, clusterHost } from './cluster-host.js';

describe('postgres change ledger', function () {
  this.timeout(60_000);

  describeChangeLedger('postgres', async () => {
    const { url, db } = await clusterDatabase();
    const connection = connectCluster(url, 4);
    await migrate(await connection.pool());
    return {
      ledger: pgChangeLedger(() => connection.pool()),
      async teardown() {
        await connection.release();
        await db.end();
      },
    };
  });

  it('overrides the change ledger in a cluster: what one host records, another reads, and NQL queries it', async () => {
    const { url, db } = await clusterDatabase();
    const a = await clusterHost(url, { rows: 1 }, 'a:1');
    const b = await clusterHost(url, { rows: 1 }, 'b:2');
    try {
      const stage = await a.service(ChangeLedgerService)!.stage({ runId: 'run-a', nqlId: 'people' });
      await stage.add([
        { kind: 'upn', identifier: 'Ann@x.org', field: 'title', oldValue: 'Dev\tOps', newValue: null, action: 'left' },
      ]);
      await stage.commit(new Date('2026-12-01T10:00:00.000Z'));
      const page = await b.service(ChangeLedgerService)!.entries({ user: 'ann@X.org' });
      expect(page.entries.map((e) => [e.identifier, e.oldValue, e.newValue, e.action])).to.deep.equal([
        ['Ann@x.org', 'Dev\tOps', null, 'left'],
      ]);
      const { rows } = await db.query('SELECT run_id, field FROM tributary.user_attribute_changes');
      expect(rows).to.deep.equal([{ run_id: 'run-a', field: 'title' }]);
    } finally {
      await a.close();
      await b.close();
      await db.end();
    }
  });
});
