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
});
