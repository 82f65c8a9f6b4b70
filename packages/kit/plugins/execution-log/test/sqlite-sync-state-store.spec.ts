import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSyncStateStore } from '../../../testing/index.js';
import { LOG_DB_FILE, openLogStore } from '../store/log-store.js';

describeSyncStateStore('SQLite (the execution log)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-sync-state-'));
  const log = openLogStore({ stateDir: dir });
  // A second connection to the file, as another process would see it: only what a commit wrote.
  const db = new Database(join(dir, LOG_DB_FILE), { readonly: true });
  const members = db.prepare<[string], { m: string }>(
    `SELECT identifier || ':' || missed AS m FROM sync_members WHERE nql_id = ? ORDER BY key`,
  );
  return {
    store: log.syncState,
    members: async (nqlId) => members.all(nqlId).map((r) => r.m),
    async teardown() {
      db.close();
      await log.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
