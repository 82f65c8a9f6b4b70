import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { AuthenticationError, type ConnectorTemplate, type CredentialType } from 'tributary-kit';
import { recordingSink } from 'tributary-kit/internal/testing/recording-sink.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { createRunLock } from '../../host/serve/scheduler/create-run-lock.js';
import { runCli, tempProject } from '../support/run-cli.js';

const SECRET = 'hunter2-very-secret-value';

/** A credential type that leaks its secret into its error message, as a careless plugin might. */
const leakyCredentialType: CredentialType = {
  type: 'leaky',
  displayName: 'Leaky',
  schema: v.looseObject({ id: v.string(), name: v.string(), type: v.string(), secret: v.string() }),
  secretFields: ['secret'],
  create: (config) => ({
    id: config.id,
    name: config.name ?? config.id,
    type: config.type,
    authenticate: async () => {
      throw new AuthenticationError('AUTH_REFUSED', `the server refused secret ${String(config['secret'])}`);
    },
    test: async () => undefined,
  }),
};

const authenticating: ConnectorTemplate = {
  ...syntheticConnector({ id: 'needs-auth', rows: 10, credentialTypes: ['leaky'] }),
  async *read(context) {
    await context.credential!.authenticate();
    yield { records: [] };
  },
};

const mapping = { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] };

function hostOptions() {
  return {
    withoutBuiltins: true,
    stateDir: ':memory:',
    plugins: [
      testPlugin({
        connectorTemplates: [
          syntheticConnector({ id: 'ok', rows: 50 }),
          syntheticConnector({
            id: 'some-empty',
            rows: 50,
            record: (i) => ({ Username: i === 7 ? '' : `u${i}@x.com`, Department: 'S' }),
          }),
          syntheticConnector({ id: 'broken', rows: 50, failAt: 0 }),
          authenticating,
        ],
        credentialTypes: [leakyCredentialType],
        sinkTypes: [recordingSink()],
      }),
    ],
    config: {
      credentials: [{ id: 'leaky-1', name: 'Leaky', type: 'leaky', secret: '${LEAKY_SECRET}' }],
      sinks: [{ id: 'out', type: 'recording' }],
      connectors: [
        { nqlId: 'good', name: 'Good', connector: 'ok', mapping },
        { nqlId: 'partial_one', name: 'Partial', connector: 'some-empty', mapping },
        { nqlId: 'failing', name: 'Failing', connector: 'broken', mapping },
        { nqlId: 'leaky', name: 'Leaky', connector: 'needs-auth', credentials: 'leaky-1', mapping },
      ],
    },
  };
}

const env = { LEAKY_SECRET: SECRET };

describe('CLI exit codes and output', () => {
  it('exits 0 when every run succeeds and prints the log entry', async () => {
    const out = await runCli(['run', 'good'], { host: hostOptions(), env });
    expect(out.code).to.equal(0);
    expect(out.stdout).to.match(/^good: SUCCESS/);
    expect(out.stdout).to.match(/details\.number_of_processed_rows\s+50/);
  });

  it('exits 3 when a run is partial and none failed', async () => {
    const out = await runCli(['run', 'good', 'partial_one'], { host: hostOptions(), env });
    expect(out.code).to.equal(3);
    expect(out.stdout).to.include('partial_one: PARTIAL');
  });

  it('exits 1 when any run failed, after running the others', async () => {
    const out = await runCli(['run', 'failing', 'good'], { host: hostOptions(), env });
    expect(out.code).to.equal(1);
    expect(out.stdout).to.include('failing: FAILURE');
    expect(out.stdout).to.include('good: SUCCESS');
  });

  it('fails only the connector whose mapping does not compile, runs the others, exits 1', async () => {
    const options = hostOptions();
    const bad = {
      nqlId: 'bad_mapping',
      name: 'Bad',
      connector: 'ok',
      mapping: { identification: 'Username', fields: [{ source: 'Manager.(Name', target: 'manager' }] },
    };
    const host = { ...options, config: { ...options.config, connectors: [bad, ...options.config.connectors] } };
    const out = await runCli(['run', 'bad_mapping', 'good'], { host, env });
    expect(out.code).to.equal(1);
    expect(out.stdout).to.include('bad_mapping: FAILURE');
    expect(out.stdout).to.match(/details\.description\s+Invalid JSONata expression for field manager: /);
    expect(out.stdout).to.include('good: SUCCESS');
    const validate = await runCli(['validate'], { host, env });
    expect(validate.code).to.equal(2);
    expect(validate.stderr).to.include(
      'connectors[0].mapping.fields[0].source: Invalid JSONata expression for field manager:',
    );
  });

  it('exits 2 for an unknown connector, an unknown command and a missing option value', async () => {
    const unknownConnector = await runCli(['run', 'nope'], { host: hostOptions(), env });
    expect(unknownConnector.code).to.equal(2);
    expect(unknownConnector.stderr).to.include(
      'No connector with nqlId "nope" (configured: good, partial_one, failing, leaky)',
    );
    const unknownCommand = await runCli(['frobnicate'], { host: hostOptions(), env });
    expect(unknownCommand.code).to.equal(2);
    expect(unknownCommand.stderr).to.match(/Unknown command "frobnicate"\. Commands: validate, check, run/);
    const missingValue = await runCli(['run', '--config'], { host: hostOptions(), env });
    expect(missingValue.code).to.equal(2);
    expect(missingValue.stderr).to.include('--config needs a value');
  });

  it('does not run a connector another process is running on the same state dir', async () => {
    const stateDir = tempProject({});
    const release = createRunLock(stateDir).acquire('good')!;
    try {
      const out = await runCli(['run', 'good'], { host: { ...hostOptions(), stateDir }, env });
      expect(out.code).to.equal(1);
      expect(out.stderr).to.match(new RegExp(`good: not run: it is already running \\(pid ${process.pid} on `));
      expect(out.stdout).to.equal('');
    } finally {
      release();
    }
    const after = await runCli(['run', 'good'], { host: { ...hostOptions(), stateDir }, env });
    expect(after.code).to.equal(0);
  });

  it('takes over a stale lock left by a dead process on this host and warns on stderr, as documented', async () => {
    const stateDir = tempProject({});
    const { pid } = spawnSync(process.execPath, ['-e', '']);
    mkdirSync(join(stateDir, 'locks'));
    writeFileSync(
      join(stateDir, 'locks', 'good.lock'),
      JSON.stringify({ pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }),
    );
    const out = await runCli(['run', 'good'], { host: { ...hostOptions(), stateDir }, env });
    expect(out.code, out.stderr).to.equal(0);
    expect(out.stderr).to.include(
      `Took over the stale run lock of good left by pid ${pid} on ${hostname()} (since 2026-01-01T00:00:00.000Z)`,
    );
  });

  it('never prints a secret, even when a plugin puts it in an error', async () => {
    const out = await runCli(['run', 'leaky'], { host: hostOptions(), env });
    expect(out.code).to.equal(1);
    expect(out.stdout).to.include('the server refused secret ***');
    expect(out.stdout + out.stderr).not.to.include(SECRET);
  });

  it('keeps secrets out of the execution-log entry itself', async () => {
    const { createHost } = await import('../../host/builtins/create-host.js');
    const host = await createHost({
      ...hostOptions(),
      env,
      logger: (await import('tributary-kit')).silentLogger,
    });
    const result = await host.run('leaky');
    expect(result.status).to.equal('failure');
    expect(result.description).to.equal('the server refused secret ***');
  });

  it('prints help for every command', async () => {
    for (const command of ['validate', 'check', 'run', 'serve', 'plugins', 'demo']) {
      const out = await runCli([command, '--help'], { host: hostOptions(), env });
      expect(out.code, command).to.equal(0);
      expect(out.stdout, command).to.match(new RegExp(`^Usage: tributary ${command}`));
    }
    const general = await runCli(['help'], { host: hostOptions(), env });
    expect(general.stdout).to.match(/^Usage: tributary <command>/);
  });

  it('checks connectors and shows what would be written', async () => {
    const out = await runCli(['check', 'good'], { host: hostOptions(), env });
    expect(out.code).to.equal(0);
    expect(out.stdout).to.include('PASS good (Good)');
    expect(out.stdout).to.include('would write "user0@example.com": {"department":"D0"}');
    expect(out.stdout).not.to.include('warning');
  });

  it('check --format json prints one object per connector with the counts', async () => {
    const out = await runCli(['check', 'good', '--format', 'json'], { host: hostOptions(), env });
    expect(out.code, out.stderr).to.equal(0);
    const [report, ...others] = JSON.parse(out.stdout) as Array<Record<string, unknown>>;
    expect(others).to.deep.equal([]);
    expect(report).to.deep.include({ nqlId: 'good', name: 'Good', ok: true, sampleRecords: 3 });
    expect(report!['resolution']).to.deep.equal({
      identification: { source: 'Username', resolved: 3 },
      fields: [{ source: 'Department', target: 'department', resolved: 3 }],
    });
    expect((report!['preview'] as unknown[])[0]).to.deep.equal({
      identifier: 'user0@example.com',
      fields: { department: 'D0' },
    });
    expect((await runCli(['check', '--format', 'xml'], { host: hostOptions(), env })).code).to.equal(2);
  });

  it('fails check for a mapping source that resolves to nothing on the sample (exit 1)', async () => {
    const options = hostOptions();
    const typo = {
      nqlId: 'typo',
      name: 'Typo',
      connector: 'ok',
      mapping: { identification: 'Username', fields: [{ source: 'Departmnt', target: 'department' }] },
    };
    const out = await runCli(['check', 'typo'], {
      host: { ...options, config: { ...options.config, connectors: [typo] } },
      env,
    });
    expect(out.code).to.equal(1);
    expect(out.stdout).to.include('FAIL typo (Typo)');
    expect(out.stdout).to.include(
      'Departmnt (field department) resolves to nothing on any of the 3 sample records: check its spelling',
    );
  });
});
