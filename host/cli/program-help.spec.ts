import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from 'tributary-kit';
import { runCli, tempProject } from '../../test/support/run-cli.js';

/** The names `tributary --help` lists under "Commands:". */
function listedCommands(help: string): string[] {
  const section = help.split('Commands:\n')[1]?.split('\n\n')[0] ?? '';
  return section
    .split('\n')
    .map((line) => /^ {2}(\S+)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

const EVERY_COMMAND = [
  'validate',
  'check',
  'run',
  'serve',
  'runs',
  'pause',
  'resume',
  'audit',
  'describe',
  'preview',
  'plugins',
  'config',
  'new',
  'logs',
  'changes',
  'users',
];

/** A plugin folder that declares its command in package.json and leaves a file behind if it is ever imported. */
const declaredPlugin = {
  'hello-plugin/package.json': JSON.stringify({
    name: 'hello-plugin',
    type: 'module',
    main: 'index.js',
    tributaryPlugin: { commands: [{ name: 'hello', summary: 'Say hello from a plugin' }] },
  }),
  'hello-plugin/index.js': [
    "import { writeFileSync } from 'node:fs';",
    "writeFileSync(new URL('./imported', import.meta.url), 'yes');",
    "throw new Error('this plugin is never imported by --help');",
  ].join('\n'),
};

describe('tributary --help lists every command without loading the host', () => {
  it('lists the built-in commands and the plugins’ (logs, changes, users) when no config is found', async () => {
    const cwd = tempProject({});
    const out = await runCli(['--help'], { cwd, host: { logger: silentLogger } });
    expect(out.code, out.stderr).to.equal(0);
    expect(listedCommands(out.stdout)).to.deep.equal(EVERY_COMMAND);
    expect(out.stdout).to.include('Query the execution log with NQL');
  });

  it('still lists them, and says what it could not list, when the config does not parse', async () => {
    const cwd = tempProject({ 'tributary.config.yaml': 'connectors:\n  - nqlId: [unclosed\n' });
    const out = await runCli(['--help'], { cwd });
    expect(out.code, out.stderr).to.equal(0);
    expect(listedCommands(out.stdout)).to.deep.equal(EVERY_COMMAND);
    expect(out.stdout).to.include('The config does not load (tributary validate says why)');
  });

  it('lists a plugins: entry’s commands from its package.json without importing it, even with an invalid config', async () => {
    const cwd = tempProject({
      ...declaredPlugin,
      // Valid YAML, invalid config: the plugin's command is still listed, and the plugin is not imported.
      'tributary.config.yaml': 'plugins: [./hello-plugin]\nconnectors: 7\n',
    });
    const out = await runCli(['--help'], { cwd });
    expect(out.code, out.stderr).to.equal(0);
    expect(listedCommands(out.stdout)).to.deep.equal([...EVERY_COMMAND, 'hello']);
    expect(out.stdout).to.match(/hello +Say hello from a plugin/);
    expect(existsSync(join(cwd, 'hello-plugin', 'imported'))).to.equal(false);
  });

  it('answers a mistyped command with a suggestion without importing any plugin', async () => {
    const cwd = tempProject({ ...declaredPlugin, 'tributary.config.yaml': 'plugins: [./hello-plugin]\n' });
    const out = await runCli(['helo'], { cwd });
    expect(out.code).to.equal(2);
    expect(out.stderr).to.match(/^Unknown command "helo" \(did you mean hello\?\)\. Commands: validate, /);
    expect(existsSync(join(cwd, 'hello-plugin', 'imported'))).to.equal(false);
  });
});
