/** The sync settings from the config file and the command line: validation, `run --full`, and what a run prints. */
import { expect } from 'chai';
import { join } from 'node:path';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { ChangingSource } from '../support/changing-source.js';
import { logsJson, runCli, tempProject } from '../support/run-cli.js';

const config = (connector: string, sync: string, sink = 'users') => `
state: { dir: ./state }
sinks:
  - { id: users, type: sqlite }
  - { id: out, type: jsonl, path: ./out.jsonl }
connectors:
  - nqlId: people
    name: People
    connector: ${connector}
    sink: ${sink}
    mapping: { identification: Username, fields: [{ source: Department, target: department }] }
    sync: ${sync}
`;

describe('sync settings', function () {
  this.timeout(60_000);

  async function validate(
    yaml: string,
    plugins = [testPlugin({ connectorTemplates: [new ChangingSource().template()] })],
  ) {
    const dir = tempProject({ 'tributary.config.yaml': yaml });
    return runCli(['validate', '--config', join(dir, 'tributary.config.yaml')], { host: { plugins } });
  }

  it('reads durations and refuses bad values with the path of each', async () => {
    const ok = await validate(
      config(
        'changing',
        '{ mode: incremental, fullEvery: 7d, lookBack: 5m, leavers: { action: delete, afterFullReads: 2 } }',
      ),
    );
    expect(ok.code, ok.stderr).to.equal(0);
    const bad = await validate(config('changing', '{ mode: sometimes, fullEvery: 7 days, leavers: { action: drop } }'));
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.include('connectors[0].sync.mode: must be full or incremental');
    expect(bad.stderr).to.match(
      /connectors\[0\]\.sync\.fullEvery: fullEvery must be a whole number followed by s, m, h or d/,
    );
    expect(bad.stderr).to.include('connectors[0].sync.leavers.action: must be keep, clear or delete');
  });

  it('takes a cron schedule for fullEvery, and refuses one that is not valid', async () => {
    const ok = await validate(
      config('changing', '{ mode: incremental, fullEvery: { cron: "0 3 * * 0", timezone: Europe/Zurich } }'),
    );
    expect(ok.code, ok.stderr).to.equal(0);
    const bad = await validate(config('changing', '{ mode: incremental, fullEvery: { cron: "61 3 * * 0" } }'));
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(
      /connectors\[0\]\.sync\.fullEvery: `cron` "61 3 \* \* 0" is not a valid cron expression/,
    );
  });

  it('refuses incremental for a template that cannot read changes', async () => {
    const out = await validate(config('synthetic', '{ mode: incremental }'), [
      testPlugin({ connectorTemplates: [syntheticConnector({ rows: 3 })] }),
    ]);
    expect(out.code).to.equal(2);
    expect(out.stderr).to.match(/connectors\[0\]\.sync\.mode: the .* template cannot read changes since a cursor/);
  });

  it('runs everything with run --full and prints the read and its leavers', async () => {
    const source = new ChangingSource();
    for (let i = 0; i < 5; i++) source.set(`u${i}@acme.example`);
    const dir = tempProject({
      'tributary.config.yaml': config('changing', '{ mode: incremental, leavers: { action: delete } }'),
    });
    const file = join(dir, 'tributary.config.yaml');
    const host = { plugins: [testPlugin({ connectorTemplates: [source.template()] })] };
    expect((await runCli(['run', 'people', '--config', file], { host })).code).to.equal(0);
    source.set('u1@acme.example', { department: 'Sales' });
    const changes = await runCli(['run', 'people', '--config', file], { host });
    expect(changes.stdout).to.match(/details\.sync_mode +changes/);
    source.set('u4@acme.example', { active: false });
    const full = await runCli(['run', 'people', '--config', file, '--full'], { host });
    expect(full.code, full.stdout).to.equal(0);
    expect(full.stdout).not.to.match(/details\.sync_mode/);
    expect(full.stdout).to.match(/details\.number_of_leavers +1/);
    expect(full.stdout).to.match(/Coverage \(full read: asked for \(run --full\)\)/);
    const nql =
      'platform.inbound_connector_logs during past 1d | sort time asc | list details.sync_mode, details.number_of_leavers';
    expect(await logsJson(file, nql, { host })).to.deep.equal([
      { 'details.sync_mode': 'full', 'details.number_of_leavers': 0 },
      { 'details.sync_mode': 'changes', 'details.number_of_leavers': 0 },
      { 'details.sync_mode': 'full', 'details.number_of_leavers': 1 },
    ]);
  });
});
