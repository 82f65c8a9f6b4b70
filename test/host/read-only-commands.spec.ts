import { expect } from 'chai';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { logsJson, runCli, tempProject } from '../support/run-cli.js';

/** A connector whose mapping does not compile, beside one that runs (the others still run). */
const CONFIG = `
sinks:
  - { id: users, type: sqlite }
connectors:
  - nqlId: good_users
    name: Good users
    connector: synthetic
    sink: users
    mapping: { identification: Username, fields: [{ source: Department, target: department }] }
  - nqlId: broken_users
    name: Broken users
    connector: synthetic
    sink: users
    mapping: { identification: Username, fields: [{ source: "Department &&& (", target: department }] }
`;

describe('read-only commands with a connector whose mapping does not compile', () => {
  it('run logs the failure; logs, users and plugins still read what is there', async () => {
    const dir = tempProject({ 'tributary.config.yaml': CONFIG });
    const config = join(dir, 'tributary.config.yaml');
    const host = {
      plugins: [testPlugin({ id: 'synthetic-source', connectorTemplates: [syntheticConnector({ rows: 5 })] })],
    };
    try {
      const run = await runCli(['run', '--config', config], { host });
      expect(run.code, run.stderr).to.equal(1);

      const nql = 'platform.inbound_connector_logs | list details.nql_id, status | sort details.nql_id asc';
      expect(await logsJson(config, nql, { host })).to.deep.equal([
        { 'details.nql_id': 'broken_users', status: 'failure' },
        { 'details.nql_id': 'good_users', status: 'success' },
      ]);
      const users = await runCli(
        ['users', '--config', config, '--format', 'json', '--identifier', 'user0@example.com'],
        { host },
      );
      expect(users.code, users.stderr).to.equal(0);
      expect(JSON.parse(users.stdout)).to.have.length(1);
      expect((await runCli(['plugins', '--config', config], { host })).code).to.equal(0);
      // validate still refuses the config: it is the command that says what to fix.
      expect((await runCli(['validate', '--config', config], { host })).code).to.equal(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
