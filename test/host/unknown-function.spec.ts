import { expect } from 'chai';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { logsJson, runCli, tempProject } from '../support/run-cli.js';

/** A misspelt function: `$lowercas(…)` once passed validate, rejected every row at run time and committed an empty file. */
const config = (identification: string): string => `
sinks:
  - { id: export, type: jsonl, path: ./out/users.jsonl }
  - { id: users, type: sqlite }
connectors:
  - nqlId: exported_users
    name: Exported users
    connector: synthetic
    sink: export
    mapping: { identification: '${identification}', fields: [{ source: Department, target: department }] }
  - nqlId: stored_users
    name: Stored users
    connector: synthetic
    sink: users
    mapping: { identification: Username, fields: [{ source: Department, target: department }] }
`;

describe('a misspelt JSONata function', () => {
  const host = {
    plugins: [testPlugin({ id: 'synthetic-source', connectorTemplates: [syntheticConnector({ rows: 25 })] })],
  };

  it('validate exits 2 naming the path and suggesting the built-in; run logs a failure for that connector only and keeps the export', async () => {
    const dir = tempProject({ 'tributary.config.yaml': config('$lowercase(Username)') });
    const file = join(dir, 'tributary.config.yaml');
    const out = join(dir, 'out', 'users.jsonl');
    try {
      const first = await runCli(['run', '--config', file], { host });
      expect(first.code, first.stderr).to.equal(0);
      const before = readFileSync(out, 'utf8');
      expect(before.trim().split('\n')).to.have.length(25);

      writeFileSync(file, config('$lowercas(Username)'));
      const validate = await runCli(['validate', '--config', file], { host });
      expect(validate.code).to.equal(2);
      expect(validate.stderr).to.contain(
        'connectors[0].mapping.identification: Invalid JSONata expression for identification: unknown function $lowercas: did you mean $lowercase?',
      );

      const run = await runCli(['run', '--config', file], { host });
      expect(run.code, run.stderr).to.equal(1);
      expect(readFileSync(out, 'utf8')).to.equal(before);

      const entries = await logsJson(
        file,
        'platform.inbound_connector_logs | sort time desc | limit 2 | list details.nql_id, status, details.description',
        { host },
      );
      const broken = entries.find((e) => e['details.nql_id'] === 'exported_users')!;
      expect(broken.status).to.equal('failure');
      expect(String(broken['details.description'])).to.contain('unknown function $lowercas: did you mean $lowercase?');
      expect(entries.find((e) => e['details.nql_id'] === 'stored_users')!.status).to.equal('success');

      expect(
        (await runCli(['users', '--config', file, '--format', 'json', '--identifier', 'user1@example.com'], { host }))
          .code,
      ).to.equal(0);
      expect((await runCli(['plugins', '--config', file], { host })).code).to.equal(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
