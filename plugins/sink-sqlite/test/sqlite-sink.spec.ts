import Database from 'better-sqlite3';
import { expect } from 'chai';
import { join } from 'node:path';
import * as v from 'valibot';
import type { Sink } from 'tributary-kit';
import { sqliteSinkType } from '../sqlite-sink-type.js';
import { runContext, sinkContext, tempStateDir, upn } from './sqlite-fixtures.js';

type Row = { identifier: string; field: string; value: unknown; connector: string };

describe('sqlite sink', () => {
  let state: ReturnType<typeof tempStateDir>;
  let sink: Sink;
  let reader: Database.Database | undefined;

  beforeEach(() => {
    state = tempStateDir();
    sink = sqliteSinkType.create({ id: 'users', type: 'sqlite' }, sinkContext(state.dir));
  });
  afterEach(async () => {
    reader?.close();
    reader = undefined;
    await sink.close?.();
    state.cleanup();
  });

  /** A second connection, as `tributary users` or another process would open it. */
  function read(): Row[] {
    reader ??= new Database(join(state.dir, 'users.db'), { readonly: true });
    return reader
      .prepare(
        'SELECT identifier, field, value, connector FROM user_attributes JOIN users ON users.id = user_id ORDER BY identifier_key, field',
      )
      .all() as Row[];
  }

  async function sync(records: Parameters<typeof upn>[], nqlId?: string): Promise<number> {
    const run = await sink.open(runContext(nqlId));
    await run.write(records.map(([id, fields]) => upn(id, fields)));
    return (await run.commit()).importedRows;
  }

  it('commits every field of every record and reports the imported rows', async () => {
    const imported = await sync([
      ['jdoe@acme.com', { department: 'Sales', level: 3 }],
      ['asmith@acme.com', { department: 'IT', level: 5 }],
    ]);
    expect(imported).to.equal(2);
    expect(read()).to.deep.equal([
      { identifier: 'asmith@acme.com', field: 'department', value: 'IT', connector: 'sf_users' },
      { identifier: 'asmith@acme.com', field: 'level', value: 5, connector: 'sf_users' },
      { identifier: 'jdoe@acme.com', field: 'department', value: 'Sales', connector: 'sf_users' },
      { identifier: 'jdoe@acme.com', field: 'level', value: 3, connector: 'sf_users' },
    ]);
  });

  it('leaves the previous values intact when a run is aborted after writing', async () => {
    await sync([['jdoe@acme.com', { department: 'Sales' }]]);
    const run = await sink.open(runContext());
    run.write([upn('jdoe@acme.com', { department: 'Finance' }), upn('new@acme.com', { department: 'IT' })]);
    await run.abort('source failed');
    expect(read()).to.deep.equal([
      { identifier: 'jdoe@acme.com', field: 'department', value: 'Sales', connector: 'sf_users' },
    ]);
  });

  it('leaves the previous values intact when the process dies before commit', async () => {
    await sync([['jdoe@acme.com', { department: 'Sales' }]]);
    const run = await sink.open(runContext());
    run.write([upn('jdoe@acme.com', { department: 'Finance' })]);
    await sink.close?.(); // the connection goes away with its staging table, as on a crash
    expect(() => run.write([upn('jdoe@acme.com', { department: 'Late' })])).to.throw(/Could not stage rows/);
    expect(read()).to.deep.equal([
      { identifier: 'jdoe@acme.com', field: 'department', value: 'Sales', connector: 'sf_users' },
    ]);
  });

  it('never shows a half-applied run to a reader on another connection', async () => {
    await sync([
      ['a@acme.com', { department: 'Old' }],
      ['b@acme.com', { department: 'Old' }],
    ]);
    const run = await sink.open(runContext());
    run.write([upn('a@acme.com', { department: 'New' })]);
    expect(read().map((r) => r.value)).to.deep.equal(['Old', 'Old']);
    run.write([upn('b@acme.com', { department: 'New' })]);
    expect(read().map((r) => r.value)).to.deep.equal(['Old', 'Old']);
    // A reader inside a read transaction keeps its snapshot while the commit lands, then sees all of it.
    reader!.exec('BEGIN');
    expect(read().map((r) => r.value)).to.deep.equal(['Old', 'Old']);
    await run.commit();
    expect(read().map((r) => r.value)).to.deep.equal(['Old', 'Old']);
    reader!.exec('COMMIT');
    expect(read().map((r) => r.value)).to.deep.equal(['New', 'New']);
  });

  it('treats identifiers case-insensitively and keeps the latest spelling', async () => {
    await sync([['JDoe@Acme.com', { department: 'Sales' }]]);
    await sync([['jdoe@acme.COM', { department: 'IT' }]]);
    expect(read()).to.deep.equal([
      { identifier: 'jdoe@acme.COM', field: 'department', value: 'IT', connector: 'sf_users' },
    ]);
  });

  it('applies rows of one run in processing order (the last row for a user wins)', async () => {
    await sync([
      ['jdoe@acme.com', { department: 'First' }],
      ['JDOE@acme.com', { department: 'Second' }],
    ]);
    expect(read().map((r) => r.value)).to.deep.equal(['Second']);
  });

  it('keeps a field the record leaves out (onMissingValue keep) and stores an empty value to clear', async () => {
    await sync([['jdoe@acme.com', { department: 'Sales', manager: 'Ann' }]]);
    await sync([['jdoe@acme.com', { manager: '' }]], 'other_connector');
    expect(read()).to.deep.equal([
      { identifier: 'jdoe@acme.com', field: 'department', value: 'Sales', connector: 'sf_users' },
      { identifier: 'jdoe@acme.com', field: 'manager', value: '', connector: 'other_connector' },
    ]);
  });

  it('stores strings and integers exactly as given (no type coercion)', async () => {
    await sync([['jdoe@acme.com', { code: '007', level: 7, since: '2024-01-31' }]]);
    expect(read().map((r) => r.value)).to.deep.equal(['007', 7, '2024-01-31']);
  });

  it('refuses writes after commit', async () => {
    const run = await sink.open(runContext());
    await run.commit();
    expect(() => run.write([upn('a@acme.com', { x: '1' })])).to.throw(/already committed or aborted/);
  });

  it('keeps concurrent runs of two connectors apart', async () => {
    const a = await sink.open(runContext('conn_a'));
    const b = await sink.open(runContext('conn_b'));
    a.write([upn('jdoe@acme.com', { department: 'A' })]);
    b.write([upn('jdoe@acme.com', { title: 'B' })]);
    await b.abort('cancelled');
    await a.commit();
    expect(read()).to.deep.equal([
      { identifier: 'jdoe@acme.com', field: 'department', value: 'A', connector: 'conn_a' },
    ]);
  });

  it('works in memory when the state dir is :memory:', async () => {
    const memory = sqliteSinkType.create({ id: 'm', type: 'sqlite' }, sinkContext(':memory:'));
    const run = await memory.open(runContext());
    run.write([upn('a@acme.com', { x: 'y' })]);
    expect((await run.commit()).importedRows).to.equal(1);
    await memory.close?.();
  });

  it('validates its entry strictly', () => {
    expect(v.safeParse(sqliteSinkType.schema, { id: 'u', type: 'sqlite', path: './u.db' }).success).to.equal(true);
    const bad = v.safeParse(sqliteSinkType.schema, { id: 'u', type: 'sqlite', pth: './u.db' });
    expect(bad.success).to.equal(false);
    expect(v.flatten(bad.issues!).nested).to.have.property('pth');
  });
});
