import { expect } from 'chai';
import { CliCommandToken, contributions, definePlugin, type CliCommand, type CommandArgs } from 'tributary-kit';
import { recordingSink, type RecordingSinkType } from 'tributary-kit/internal/testing/recording-sink.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { runCli } from '../support/run-cli.js';

const mapping = { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] };

/** A host with one connector writing into a recording sink, so a test can see whether anything ran. */
function recordingHost(sink: RecordingSinkType, extraPlugins: ReturnType<typeof definePlugin>[] = []) {
  return {
    withoutBuiltins: true,
    stateDir: ':memory:',
    plugins: [
      testPlugin({ connectorTemplates: [syntheticConnector({ id: 'ok', rows: 20 })], sinkTypes: [sink] }),
      ...extraPlugins,
    ],
    config: {
      sinks: [{ id: 'out', type: 'recording' }],
      connectors: [{ nqlId: 'good', name: 'Good', connector: 'ok', mapping }],
    },
  };
}

/** The built-in plugins (logs, users) over an in-memory state dir and an empty config. */
const builtinsHost = { stateDir: ':memory:', config: {} };

describe('CLI: unknown options and stray arguments are usage errors', () => {
  it('run --dryrun exits 2, names the option, suggests --dry-run and runs nothing', async () => {
    const sink = recordingSink();
    const out = await runCli(['run', '--dryrun'], { host: recordingHost(sink) });
    expect(out.code).to.equal(2);
    expect(out.stderr).to.equal(
      'Unknown option --dryrun for "run": did you mean --dry-run?\nUsage: tributary run [nqlId…] [--dry-run] [--allow-shrink] [--full] [--format text|json] [--config PATH]\n',
    );
    expect(out.stdout).to.equal('');
    expect(sink.runs).to.deep.equal([]);
  });

  it('still runs with the documented --dry-run (nothing written) and without it (written)', async () => {
    const sink = recordingSink();
    const dry = await runCli(['run', 'good', '--dry-run'], { host: recordingHost(sink) });
    expect(dry.code, dry.stderr).to.equal(0);
    expect(dry.stdout).to.match(/^good: SUCCESS/);
    expect(sink.committed()).to.have.length(0);
    const real = await runCli(['run', 'good'], { host: recordingHost(sink) });
    expect(real.code, real.stderr).to.equal(0);
    expect(sink.committed()).to.have.length(20);
  });

  it('rejects a value given to a flag (--dry-run=yes would otherwise be a real run)', async () => {
    const sink = recordingSink();
    const out = await runCli(['run', '--dry-run=yes'], { host: recordingHost(sink) });
    expect(out.code).to.equal(2);
    expect(out.stderr).to.match(/^The option --dry-run of "run" takes no value\.\nUsage: tributary run /);
    expect(sink.runs).to.deep.equal([]);
  });

  it('names an unknown option without a suggestion when none is close, and rejects -x arguments', async () => {
    const sink = recordingSink();
    const far = await runCli(['check', '--frobnicate'], { host: recordingHost(sink) });
    expect(far.code).to.equal(2);
    expect(far.stderr.split('\n')[0]).to.equal('Unknown option --frobnicate for "check".');
    const short = await runCli(['run', '-n'], { host: recordingHost(sink) });
    expect(short.code).to.equal(2);
    expect(short.stderr).to.match(/^Unknown option -n for "run"/);
    expect(sink.runs).to.deep.equal([]);
  });

  it('runs nothing when one of the named connectors does not exist', async () => {
    const sink = recordingSink();
    const out = await runCli(['run', 'good', 'nope'], { host: recordingHost(sink) });
    expect(out.code).to.equal(2);
    expect(out.stderr).to.include('No connector with nqlId "nope"');
    expect(sink.runs).to.deep.equal([]);
  });

  it('rejects a positional argument on the commands that take none', async () => {
    const sink = recordingSink();
    for (const command of ['validate', 'plugins', 'serve', 'demo']) {
      const out = await runCli([command, 'foo'], { host: recordingHost(sink) });
      expect(out.code, command).to.equal(2);
      expect(out.stderr, command).to.match(
        new RegExp(`^"${command}" takes no arguments, got "foo"\\.\\nUsage: tributary ${command}`),
      );
      expect(out.stdout, command).to.equal('');
    }
    expect(sink.runs).to.deep.equal([]);
  });

  it('parses with commander: global options before the command, --help and -h on plugin commands too, a mistyped command suggested', async () => {
    const sink = recordingSink();
    const before = await runCli(['--log-level', 'warn', '--config', 'run', 'validate'], { host: recordingHost(sink) });
    expect(before.code, before.stderr).to.equal(0);
    expect(before.stdout).to.match(/^Configuration OK/);
    for (const argv of [
      ['logs', '--help'],
      ['users', '-h'],
    ]) {
      const help = await runCli(argv, { host: builtinsHost });
      expect(help.code, help.stderr).to.equal(0);
      expect(help.stdout).to.match(new RegExp(`^Usage: tributary ${argv[0]} `));
      expect(help.stdout).to.match(/\nOptions:\n[^]*--log-format <format>/);
    }
    expect((await runCli(['logs', '--help'], { host: builtinsHost })).stdout).to.include('--wide');
    const general = await runCli([], { host: builtinsHost });
    expect(general.code).to.equal(2);
    expect(general.stdout).to.match(
      /^Usage: tributary <command> \[options\] \[--config PATH\]\n[^]*\nCommands:\n[^]* {2}logs +Query the execution log/,
    );
    const typo = await runCli(['runn'], { host: builtinsHost });
    expect(typo.code).to.equal(2);
    expect(typo.stderr).to.match(
      /^Unknown command "runn" \(did you mean run\?\)\. Commands: validate, check, run, serve/,
    );
    expect(sink.runs).to.deep.equal([]);
  });

  it('accepts the global options on every command and rejects an unknown --log-level', async () => {
    const sink = recordingSink();
    // The in-process host gets its config directly, so the path given to --config is not read.
    const out = await runCli(['validate', '--verbose', '--log-level', 'warn', '--config=ignored.yaml'], {
      host: recordingHost(sink),
    });
    expect(out.code, out.stderr).to.equal(0);
    expect(out.stdout).to.match(/^Configuration OK/);
    const level = await runCli(['validate', '--log-level', 'loud'], { host: recordingHost(sink) });
    expect(level.code).to.equal(2);
    expect(level.stderr).to.include('--log-level must be one of debug, info, warn, error, silent');
  });

  it('rejects an unknown option on a plugin command (logs --formt json) and keeps --format working', async () => {
    const typo = await runCli(['logs', '--formt', 'json'], { host: builtinsHost });
    expect(typo.code).to.equal(2);
    expect(typo.stderr).to.equal(
      'Unknown option --formt for "logs": did you mean --format?\nUsage: tributary logs [NQL] [--format table|json|csv] [--wide] [--running]\n',
    );
    expect(typo.stdout).to.equal('');
    const ok = await runCli(['logs', '--format', 'json'], { host: builtinsHost });
    expect(ok.code, ok.stderr).to.equal(0);
    expect(JSON.parse(ok.stdout)).to.deep.equal([]);
  });

  it('rejects an unknown option and a positional on users', async () => {
    const typo = await runCli(['users', '--identifer', 'a@x.com'], { host: builtinsHost });
    expect(typo.code).to.equal(2);
    expect(typo.stderr).to.match(
      /^Unknown option --identifer for "users": did you mean --identifier\?\nUsage: tributary users /,
    );
    const stray = await runCli(['users', 'a@x.com'], { host: builtinsHost });
    expect(stray.code).to.equal(2);
    expect(stray.stderr).to.match(/^"users" takes no arguments, got "a@x\.com"\./);
    const ok = await runCli(['users', '--format', 'json', '--identifier', 'a@x.com'], { host: builtinsHost });
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.equal('[]\n');
  });

  it('passes undeclared options through to a plugin command that declares no flags (plugin API 1)', async () => {
    const received: CommandArgs[] = [];
    const legacy: CliCommand = {
      name: 'legacy',
      summary: 'A command written before flags existed',
      help: 'Usage: tributary legacy [--force]',
      valueOptions: ['name'],
      async run(args) {
        received.push(args);
        return 0;
      },
    };
    const plugin = definePlugin({
      id: 'legacy-plugin',
      version: '0.0.0',
      apiVersion: 1,
      module: contributions(({ bind }) => void bind(CliCommandToken).toConstantValue(legacy)),
    });
    const out = await runCli(['legacy', '--force', '--name', 'x', 'extra'], {
      host: recordingHost(recordingSink(), [plugin]),
    });
    expect(out.code, out.stderr).to.equal(0);
    expect(received.map((a) => [a.options, a.positionals])).to.deep.equal([[{ force: true, name: 'x' }, ['extra']]]);
  });
});
