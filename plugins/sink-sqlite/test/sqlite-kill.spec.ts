import Database from 'better-sqlite3';
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempStateDir } from './sqlite-fixtures.js';

const CHILD = fileURLToPath(new URL('./kill-child.ts', import.meta.url));

describe('sqlite sink: a process killed mid-run', function () {
  this.timeout(30_000);

  it('leaves the previous values exactly as they were (SIGKILL after 5,000 staged rows)', async () => {
    const state = tempStateDir();
    try {
      const child = spawn(process.execPath, ['--conditions=tributary-source', '--import', 'tsx', CHILD, state.dir], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.setEncoding('utf8');
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => ((out += chunk), out.includes('staged\n') && resolve()));
        child.on('exit', (code) => reject(new Error(`the child exited with ${code} before staging`)));
      });
      child.kill('SIGKILL');
      const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
      expect(signal).to.equal('SIGKILL');

      const db = new Database(join(state.dir, 'users.db'), { readonly: true });
      try {
        const rows = db
          .prepare('SELECT identifier, field, value, connector FROM user_attributes JOIN users ON users.id = user_id')
          .all();
        expect(rows).to.deep.equal([
          { identifier: 'jdoe@acme.com', field: 'department', value: 'Sales', connector: 'sf_users' },
        ]);
        expect(db.prepare('SELECT count(*) FROM users').pluck().get()).to.equal(1);
      } finally {
        db.close();
      }
    } finally {
      state.cleanup();
    }
  });
});
