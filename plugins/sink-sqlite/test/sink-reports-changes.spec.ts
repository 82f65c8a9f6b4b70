import Database from 'better-sqlite3';
import { expect } from 'chai';
import { join } from 'node:path';
import type { ChangeReport, StoredChange } from 'tributary-kit';
import { describeSinkChanges } from '../../../testing.js';
import { sqliteSinkType } from '../sqlite-sink-type.js';
import { StagedRun } from '../staged-run.js';
import { openUserStore, type UserStoreDatabase } from '../user-store.js';
import { tempStateDir, upn } from './sqlite-fixtures.js';

/** The number of TEMP tables on the sink's connection (staging and change tables). */
const temporaryTables = (db: UserStoreDatabase): number =>
  (db.prepare(`SELECT count(*) AS n FROM temp.sqlite_master WHERE type = 'table'`).get() as { n: number }).n;

describe('sqlite sink: the changes a commit reports', () => {
  describeSinkChanges('sqlite', async () => {
    const state = tempStateDir();
    const file = join(state.dir, 'users.db');
    const db = openUserStore(file);
    // A second connection to the file, as another process would see it: only what a commit wrote.
    const reader = new Database(file, { readonly: true });
    const values = reader.prepare<[], { line: string }>(
      `SELECT u.identifier || ' ' || a.field || ' ' || CAST(a.value AS TEXT) AS line
       FROM user_attributes AS a JOIN users AS u ON u.id = a.user_id`,
    );
    return {
      sinkType: sqliteSinkType,
      open: async (nqlId) => new StagedRun(db, nqlId),
      values: async () => values.all().map((r) => r.line),
      temporaryTables: async () => temporaryTables(db),
      async teardown() {
        reader.close();
        db.close();
        state.cleanup();
      },
    };
  });

  describe('on a connection other runs share', () => {
    let state: ReturnType<typeof tempStateDir>;
    let db: UserStoreDatabase;

    beforeEach(() => {
      state = tempStateDir();
      db = openUserStore(join(state.dir, 'users.db'));
    });
    afterEach(() => {
      db.close();
      state.cleanup();
    });

    it("lets another run stage and commit while a report awaits, and reports only its own run's changes", async () => {
      const first = new StagedRun(db, 'hr');
      first.write(Array.from({ length: 2_500 }, (_, i) => upn(`user${i}@example.com`, { department: 'Sales' })));
      const sent: StoredChange[] = [];
      let others = 0;
      const report: ChangeReport = {
        async add(changes) {
          sent.push(...changes);
          // Between two calls no statement of this run is open: another run of the connection works.
          const other = new StagedRun(db, `badges${++others}`);
          other.write([upn(`other${others}@example.com`, { badge: others })]);
          await other.commit();
        },
      };
      await first.commit(undefined, report);
      expect(sent).to.have.length(2_500);
      expect(others).to.be.greaterThan(1);
      expect(sent.every((c) => c.identifier.value.startsWith('user') && c.newValue === 'Sales')).to.equal(true);
      expect(temporaryTables(db)).to.equal(0);
    });

    it('holds no lock once a rehearsal resolved: another connection writes at once, without waiting', async () => {
      const first = new StagedRun(db, 'hr');
      first.write([upn('ann@example.com', { department: 'Sales' })]);
      await first.commit();
      const run = new StagedRun(db, 'hr');
      run.write([upn('ann@example.com', { department: 'Legal' })]);
      const sent: string[] = [];
      await run.rehearse(undefined, {
        add: (changes) => void sent.push(...changes.map((c) => `${c.oldValue} -> ${c.newValue}`)),
      });
      expect(sent).to.deep.equal(['Sales -> Legal']);
      expect(db.inTransaction).to.equal(false);
      // Another process: it fails at once (SQLITE_BUSY) rather than wait if the store were locked.
      const other = new Database(join(state.dir, 'users.db'));
      try {
        other.pragma('busy_timeout = 0');
        other.prepare(`UPDATE user_attributes SET value = 'Ops'`).run();
      } finally {
        other.close();
      }
      sent.length = 0;
      await run.commit(undefined, {
        add: (changes) => void sent.push(...changes.map((c) => `${c.oldValue} -> ${c.newValue}`)),
      });
      expect(sent).to.deep.equal(['Ops -> Legal']);
    });
  });
});
