import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeChangeLedger } from '../../../testing/index.js';
import { openLogStore } from '../store/log-store.js';

describeChangeLedger('SQLite (the execution log)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-ledger-'));
  const log = openLogStore({ stateDir: dir });
  return {
    ledger: log.changes,
    async teardown() {
      await log.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
