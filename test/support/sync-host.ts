import Database from 'better-sqlite3';
import { join } from 'node:path';
import { silentLogger } from '../../core/index.js';
import { createHost, type Host } from '../../host/kernel/create-host.js';
import { testPlugin } from '../../host/testing/test-plugin.js';
import type { ChangingSource } from './changing-source.js';

export interface Setup {
  readonly sync?: object;
  readonly limits?: object;
  readonly fields?: object[];
}

/** A host (built-ins, state in `dir`) with one connector `people` reading `source` into the sqlite sink. */
export async function syncHost(dir: string, source: ChangingSource, setup: Setup = {}): Promise<Host> {
  const config = {
    state: { dir },
    limits: setup.limits ?? {},
    sinks: [{ id: 'users', type: 'sqlite' }],
    connectors: [
      {
        nqlId: 'people',
        name: 'People',
        connector: 'changing',
        sink: 'users',
        mapping: {
          identification: 'Username',
          fields: setup.fields ?? [{ source: 'Department', target: 'department' }],
        },
        sync: setup.sync ?? { mode: 'incremental' },
      },
    ],
  };
  return createHost({
    config,
    stateDir: dir,
    logger: silentLogger,
    plugins: [testPlugin({ connectorTemplates: [source.template()] })],
  });
}

/** user → department, as the sqlite store holds them. */
export function stored(dir: string): Record<string, string> {
  const db = new Database(join(dir, 'users.db'), { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT u.identifier AS upn, a.value FROM user_attributes a JOIN users u ON u.id = a.user_id WHERE a.field = 'department'`,
      )
      .all() as { upn: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.upn, r.value]));
  } finally {
    db.close();
  }
}
