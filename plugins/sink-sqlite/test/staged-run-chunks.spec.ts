import Database from 'better-sqlite3';
import { expect } from 'chai';
import { join } from 'node:path';
import type { Sink, SinkRecord } from 'tributary-kit';
import { sqliteSinkType } from '../sqlite-sink-type.js';
import { runContext, sinkContext, tempStateDir, upn } from './sqlite-fixtures.js';

/** Staging inserts rows 100 at a time plus single rows for the rest: every batch size must stage every row, in order. */
describe('sqlite sink: staging in multi-row chunks', () => {
  let state: ReturnType<typeof tempStateDir>;
  let sink: Sink;

  beforeEach(() => {
    state = tempStateDir();
    sink = sqliteSinkType.create({ id: 'users', type: 'sqlite' }, sinkContext(state.dir));
  });
  afterEach(async () => {
    await sink.close?.();
    state.cleanup();
  });

  function records(from: number, count: number, tag: string): SinkRecord[] {
    return Array.from({ length: count }, (_, i) => upn(`User${from + i}@Acme.com`, { n: from + i, tag }));
  }

  function stored(): Array<{ identifier: string; n: number; tag: string }> {
    const db = new Database(join(state.dir, 'users.db'), { readonly: true });
    try {
      return db
        .prepare(
          `SELECT u.identifier, n.value AS n, t.value AS tag FROM users u
           JOIN user_attributes n ON n.user_id = u.id AND n.field = 'n'
           JOIN user_attributes t ON t.user_id = u.id AND t.field = 'tag' ORDER BY n.value`,
        )
        .all() as Array<{ identifier: string; n: number; tag: string }>;
    } finally {
      db.close();
    }
  }

  for (const sizes of [[99], [100], [101], [250, 1, 100, 0, 37]]) {
    it(`stages every row of batches of ${sizes.join(', ')} rows`, async () => {
      const run = await sink.open(runContext());
      let from = 0;
      for (const size of sizes) {
        await run.write(records(from, size, `batch of ${size}`));
        from += size;
      }
      expect((await run.commit()).importedRows).to.equal(from);
      const rows = stored();
      expect(rows).to.have.length(from);
      expect(rows.map((r) => r.n)).to.deep.equal(Array.from({ length: from }, (_, i) => i));
      expect(rows[from - 1]).to.deep.equal({
        identifier: `User${from - 1}@Acme.com`,
        n: from - 1,
        tag: `batch of ${sizes.at(-1) || sizes.at(-2)}`,
      });
    });
  }

  it('keeps the last value when one identifier repeats inside a chunk and across the single-row tail', async () => {
    const run = await sink.open(runContext());
    const batch = records(0, 100, 'chunk');
    batch.push(upn('user5@acme.com', { n: 5, tag: 'tail' }));
    await run.write(batch);
    await run.commit();
    expect(stored().find((r) => r.n === 5)).to.deep.equal({ identifier: 'user5@acme.com', n: 5, tag: 'tail' });
  });
});
