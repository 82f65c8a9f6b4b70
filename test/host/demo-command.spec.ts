import Database from 'better-sqlite3';
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/run-cli.js';

/** `npm start` = `tributary demo`: the sandbox, config/demo.config.yaml, the real CLI path, a fresh state dir. */
describe('tributary demo (npm start)', function () {
  this.timeout(60_000);
  let stateDir: string;
  beforeEach(() => (stateDir = mkdtempSync(join(tmpdir(), 'tributary-demo-'))));
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  it('syncs the sandbox’s active users with client credentials into the sqlite sink and prints the log entry', async () => {
    const out = await runCli(['demo'], { host: { stateDir } });
    expect(out.code, out.stderr).to.equal(0);
    expect(out.stdout).to.match(/^salesforce_user_attributes: SUCCESS\n/m);
    expect(out.stdout).to.include('Newest execution-log entries');
    // Between its two runs three users change department: the second run's changes are listed.
    const listed = out.stdout.slice(out.stdout.indexOf('What it changed (tributary changes):'));
    expect(
      listed.match(/^\S+ +\S+ +salesforce_user_attributes +upn +\S+@acme\.example +department +.+ +changed +false$/gm),
    ).to.have.length(3);

    const db = new Database(join(stateDir, 'users.db'), { readonly: true });
    let users: number;
    try {
      users = db.prepare('SELECT count(*) FROM users').pluck().get() as number;
      // The demo's query keeps active users only: most of the 4,500, not all.
      expect(users).to.be.within(4_000, 4_499);
      const fields = db.prepare('SELECT DISTINCT field FROM user_attributes ORDER BY field').pluck().all();
      expect(fields).to.deep.equal(['cost_center', 'department', 'manager', 'title']);
    } finally {
      db.close();
    }
    const log = await runCli(
      [
        'logs',
        '--format',
        'json',
        'platform.inbound_connector_logs | list status, details.number_of_imported_rows, details.api_calls',
      ],
      {
        host: { stateDir, config: {} },
      },
    );
    expect(log.code, log.stderr).to.equal(0);
    expect(JSON.parse(log.stdout)).to.deep.equal([
      { status: 'success', 'details.number_of_imported_rows': users, 'details.api_calls': 3 },
      { status: 'success', 'details.number_of_imported_rows': users, 'details.api_calls': 3 },
    ]);
    // The sandbox's client secret came from the environment: never printed.
    expect(out.stdout + out.stderr).to.not.match(/clientSecret|client_secret=/);
  });
});
