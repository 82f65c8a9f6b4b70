import Database from 'better-sqlite3';
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHost } from '../../../testing.js';
import { startSandbox, type Sandbox } from '../../salesforce-sandbox/index.js';
import { USERS_CONNECTOR } from './scenarios.js';
import { sandboxCredentialEntry } from './support/sandbox-credential.js';

/** The whole product on loopback: config, built-in plugins, client credentials, sandbox, limits, sqlite sink, log. */
describe('salesforce-user-attributes through the host', () => {
  let sandbox: Sandbox;
  let stateDir: string;
  beforeEach(async () => {
    sandbox = await startSandbox({ users: 4_500, seed: 11 });
    stateDir = mkdtempSync(join(tmpdir(), 'tributary-sf-host-'));
  });
  afterEach(async () => {
    await sandbox.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('writes 4,500 rows for 4,500 sandbox users in 3 query requests', async () => {
    const host = await startTestHost({
      stateDir,
      env: { SF_CLIENT_SECRET: sandbox.clientSecret },
      config: {
        credentials: [sandboxCredentialEntry(sandbox)],
        sinks: [{ id: 'users', type: 'sqlite' }],
        connectors: [{ ...USERS_CONNECTOR, sink: 'users' }],
      },
    });
    const result = await host.run('sf_users');
    await host.close();

    expect(result.status, result.description).to.equal('success');
    expect([result.receivedRows, result.processedRows, result.importedRows, result.apiCalls]).to.deep.equal([
      4_500, 4_500, 4_500, 3,
    ]);
    expect(sandbox.stats.queryRequests).to.equal(3);
    expect(sandbox.stats.tokenRequests).to.equal(1);
    const db = new Database(join(stateDir, 'users.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM users').pluck().get()).to.equal(4_500);
      expect(
        db
          .prepare(`SELECT count(*) FROM user_attributes WHERE field = 'department' AND connector = 'sf_users'`)
          .pluck()
          .get(),
      ).to.equal(4_500);
    } finally {
      db.close();
    }
  });

  it('reads everything first, then only the users changed since, counting the whole query, with sync mode incremental', async () => {
    const config = {
      credentials: [sandboxCredentialEntry(sandbox)],
      sinks: [{ id: 'users', type: 'sqlite' }],
      connectors: [{ ...USERS_CONNECTOR, sink: 'users', sync: { mode: 'incremental', lookBack: '0s' } }],
    };
    const run = async () => {
      const host = await startTestHost({ stateDir, env: { SF_CLIENT_SECRET: sandbox.clientSecret }, config });
      try {
        return await host.run('sf_users');
      } finally {
        await host.close();
      }
    };
    const first = await run();
    expect(first.status, first.description).to.equal('success');
    expect([first.sync?.mode, first.receivedRows]).to.deep.equal(['full', 4_500]);
    for (const index of [7, 2_000, 4_499])
      sandbox.editUser(index, { Department: 'Changed' }, { modstamp: Date.parse('2026-03-01T10:00:00Z') });
    const second = await run();
    expect(second.status, second.description).to.equal('success');
    expect(second.sync?.mode).to.equal('changes');
    expect(second.receivedRows).to.equal(4); // the 3 edited, and the row at the cursor, read again (inclusive)
    expect(second.apiCalls).to.equal(2); // SELECT COUNT() and one page of changes
    expect(second.description).to.match(/the source holds 4,500 rows \(SELECT COUNT\(\)\)/);
    const db = new Database(join(stateDir, 'users.db'), { readonly: true });
    try {
      const changed = db
        .prepare(`SELECT count(*) FROM user_attributes WHERE field = 'department' AND value = 'Changed'`)
        .pluck()
        .get();
      expect(changed).to.equal(3);
    } finally {
      db.close();
    }
  });
});
