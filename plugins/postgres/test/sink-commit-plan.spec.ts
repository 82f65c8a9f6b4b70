import { expect } from 'chai';
import type pg from 'pg';
import type { CommitPlan, SinkIdentifier, SinkRecord } from 'tributary-kit';
import { connectCluster, type ClusterConnection } from '../connection.js';
import { insertLease } from '../coordinator/lease-table.js';
import { RUNNING } from '../schema.js';
import { CopyRun } from '../sink/copy-run.js';
import { postgresSinkType } from '../sink/pg-sink-type.js';
import { ensureUserTables, userTables } from '../sink/user-tables.js';
import { clusterDatabase } from './cluster-host.js';

const LEASE_MS = 60_000;
const upn = (value: string): SinkIdentifier => ({ kind: 'upn', value });
const row = (value: string, fields: SinkRecord['fields']): SinkRecord => ({ identifier: upn(value), fields });

describe('postgres sink: commit plans', function () {
  this.timeout(60_000);
  let db: pg.Client;
  let connection: ClusterConnection;
  let pool: pg.Pool;
  let runs = 0;

  beforeEach(async () => {
    const database = await clusterDatabase();
    db = database.db;
    connection = connectCluster(database.url, 4);
    pool = await connection.pool();
    await ensureUserTables(pool, 'tributary');
  });
  afterEach(async () => {
    await connection.release();
    await db.end();
  });

  /** A run of `connector` holding the connector's lease (as its worker would), with `records` staged. */
  async function stagedRun(
    connector: string,
    records: readonly SinkRecord[],
  ): Promise<{ run: CopyRun; runId: string }> {
    const runId = `${connector}-run-${++runs}`;
    await pool.query(`DELETE FROM ${RUNNING} WHERE nql_id = $1`, [connector]);
    await insertLease(pool, { runId, nqlId: connector, host: 'test', scheduledFor: undefined }, LEASE_MS);
    const run = await CopyRun.open({ pool, tables: userTables('tributary'), runId, connector, leaseMs: LEASE_MS });
    await run.write(records);
    return { run, runId };
  }

  async function commitRun(connector: string, records: readonly SinkRecord[], plan?: CommitPlan): Promise<void> {
    await (await stagedRun(connector, records)).run.commit(plan);
  }

  /** What the store holds: `identifier field connector` per attribute, and the users. */
  async function stored(): Promise<{ attributes: string[]; users: string[] }> {
    const attributes = await db.query<{ line: string }>(
      `SELECT u.identifier || ' ' || a.field || ' ' || a.connector AS line
       FROM tributary.user_attributes AS a JOIN tributary.users AS u ON u.id = a.user_id ORDER BY 1`,
    );
    const users = await db.query<{ identifier: string }>('SELECT identifier FROM tributary.users ORDER BY 1');
    return { attributes: attributes.rows.map((r) => r.line), users: users.rows.map((r) => r.identifier) };
  }

  it('declares that it applies change reads and commit plans', () => {
    const type = postgresSinkType(() => {
      throw new Error('not connected in this test');
    });
    expect(type.appliesChanges).to.equal(true);
  });

  it("removes, in the commit, the connector's attributes of each removed user (any spelling), then the users left with none", async () => {
    await commitRun('hr', [
      row('Ann@example.com', { department: 'Sales' }),
      row('bob@example.com', { department: 'IT' }),
      row('cy@example.com', { department: 'Ops' }),
    ]);
    await commitRun('badges', [row('ann@example.com', { badge: 7 }), row('bob@example.com', { badge: 8 })]);

    await commitRun('hr', [row('dee@example.com', { department: 'Legal' })], {
      remove: [upn('ANN@example.com'), upn('cy@EXAMPLE.com'), upn('nobody@example.com')],
      retain: [upn('bob@example.com')],
    });

    expect(await stored()).to.deep.equal({
      attributes: [
        // ann keeps what another connector wrote; cy had only hr's attribute: the user is gone too
        'ann@example.com badge badges',
        'bob@example.com badge badges',
        'bob@example.com department hr',
        'dee@example.com department hr',
      ],
      users: ['ann@example.com', 'bob@example.com', 'dee@example.com'],
    });
  });

  it('keeps what the run writes for a user it also removes, and commits nothing of the plan when the commit fails', async () => {
    await commitRun('hr', [row('ann@example.com', { department: 'Sales' }), row('bob@example.com', { level: 1 })]);
    await commitRun('hr', [row('ann@example.com', { department: 'Legal' })], {
      remove: [upn('ann@example.com')],
      retain: [],
    });
    const ann = await db.query(`SELECT value FROM tributary.user_attributes WHERE field = 'department'`);
    expect(ann.rows).to.deep.equal([{ value: 'Legal' }]);

    // A run that lost its lease commits neither its rows nor its removals.
    const { run, runId } = await stagedRun('hr', [row('cy@example.com', { level: 3 })]);
    await pool.query(`UPDATE ${RUNNING} SET lease_until = clock_timestamp() WHERE run_id = $1`, [runId]);
    await run.commit({ remove: [upn('bob@example.com')], retain: [] }).then(
      () => expect.fail('the commit should have been refused'),
      (error: Error & { code?: string }) => expect(error.code).to.equal('CLUSTER_LEASE_LOST'),
    );
    expect((await stored()).users).to.deep.equal(['ann@example.com', 'bob@example.com']);
  });
});
