/**
 * Incremental sync and leavers in a cluster: the cursor and members live in PostgreSQL, so a change
 * read on one host continues what another host committed, and leavers leave the postgres store.
 */
import { expect } from 'chai';
import pg from 'pg';
import type { RunResult } from 'tributary-kit';
import { startTestHost, startTestPostgres, testPlugin, type TestHost } from '../../testing.js';
import { ChangingSource } from '../support/changing-source.js';

function clusterConfig(hostName: string) {
  return {
    cluster: { postgres: '${PG_URL}', leaseSeconds: 5, hostName },
    sinks: [{ id: 'users', type: 'postgres' }],
    connectors: [
      {
        nqlId: 'people',
        name: 'People',
        connector: 'changing',
        sink: 'users',
        mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
        sync: { mode: 'incremental', lookBack: '0s', leavers: { action: 'delete' } },
      },
    ],
  };
}

describe('incremental sync in a cluster', function () {
  this.timeout(120_000);
  let url: string;
  let db: pg.Client;
  const hosts: TestHost[] = [];
  beforeEach(async () => {
    url = await (await startTestPostgres()).createDatabase();
    db = new pg.Client({ connectionString: url });
    await db.connect();
  });
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close();
    await db.end();
  });

  async function runOn(hostName: string, source: ChangingSource, options = {}): Promise<RunResult> {
    const host = await startTestHost({
      config: clusterConfig(hostName),
      env: { PG_URL: url },
      plugins: [testPlugin({ connectorTemplates: [source.template()] })],
    });
    hosts.push(host);
    return host.run('people', options);
  }

  async function departments(): Promise<Record<string, string>> {
    const { rows } = await db.query<{ identifier: string; value: string }>(
      `SELECT u.identifier, a.value #>> '{}' AS value FROM tributary.user_attributes a
       JOIN tributary.users u ON u.id = a.user_id WHERE a.field = 'department'`,
    );
    return Object.fromEntries(rows.map((r) => [r.identifier, r.value]));
  }

  it('continues on one host from the cursor another committed, and deletes leavers at a full read', async () => {
    const source = new ChangingSource();
    for (let i = 0; i < 20; i++) source.set(`u${i}@acme.example`, { department: 'D' });
    const first = await runOn('a:1', source);
    expect(first.status, first.description).to.equal('success');
    source.set('u5@acme.example', { department: 'Sales' });
    const changes = await runOn('b:1', source);
    expect(changes.status, changes.description).to.equal('success');
    expect(changes.sync?.mode).to.equal('changes');
    expect(changes.receivedRows).to.equal(2); // the change, and the row at the cursor
    expect((await departments())['u5@acme.example']).to.equal('Sales');
    source.set('u7@acme.example', { active: false });
    const full = await runOn('a:1', source, { full: 'asked for' });
    expect(full.status, full.description).to.equal('success');
    expect(full.leavers).to.equal(1);
    const store = await departments();
    expect(Object.keys(store)).to.have.length(19);
    expect(store).not.to.have.property('u7@acme.example');
    const { rows } = await db.query(`SELECT present, absent FROM tributary.sync_state WHERE nql_id = 'people'`);
    expect(rows[0]).to.deep.equal({ present: '19', absent: '0' });
  });
});
