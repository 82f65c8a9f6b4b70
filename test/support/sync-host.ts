import Database from 'better-sqlite3';
import { join } from 'node:path';
import { silentLogger, type Plugin } from 'tributary-kit';
import { createHost } from '../../host/builtins/create-host.js';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import type { ChangingSource } from './changing-source.js';

export interface Setup {
  /** The connector's `sync:` entry (default incremental); null: none. */
  readonly sync?: object | null;
  /** Top-level `state:` settings besides `dir`. */
  readonly state?: object;
  /** More plugins (an override of a service). */
  readonly plugins?: readonly Plugin[];
  readonly limits?: object;
  readonly fields?: object[];
}

/** A host (built-ins, state in `dir`) with one connector `people` reading `source` into the sqlite sink. */
/** The connector `people`: a {@link ChangingSource} (template `changing`) into the sqlite sink `users`. */
export function peopleConnector(setup: Pick<Setup, 'fields' | 'sync'> = {}) {
  return {
    nqlId: 'people',
    name: 'People',
    connector: 'changing',
    sink: 'users',
    mapping: {
      identification: 'Username',
      fields: setup.fields ?? [{ source: 'Department', target: 'department' }],
    },
    ...(setup.sync === null ? {} : { sync: setup.sync ?? { mode: 'incremental' } }),
  };
}

export async function syncHost(dir: string, source: ChangingSource, setup: Setup = {}): Promise<Host> {
  const config = {
    state: { dir, ...setup.state },
    limits: setup.limits ?? {},
    sinks: [{ id: 'users', type: 'sqlite' }],
    connectors: [peopleConnector(setup)],
  };
  return createHost({
    config,
    stateDir: dir,
    logger: silentLogger,
    plugins: [testPlugin({ connectorTemplates: [source.template()] }), ...(setup.plugins ?? [])],
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
