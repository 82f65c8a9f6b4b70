import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/run-cli.js';
import { ensureBuilt, installTributary, readmeYaml, tool } from './generated-package.js';

describe('tributary new plugin: sink and credential packages, usage errors', function () {
  this.timeout(60_000);
  const root = mkdtempSync(join(tmpdir(), 'tributary-scaffold-kinds-'));
  before(ensureBuilt);

  for (const [kind, passing, section] of [
    ['sink', 2, 'sinks'],
    ['credential', 2, 'credentials'],
  ] as const) {
    it(`generates a ${kind} plugin whose own tests type-check and pass against this package`, async () => {
      const dir = join(root, kind);
      const outcome = await runCli(['new', 'plugin', `acme-${kind}`, '--kind', kind, '--dir', dir]);
      expect(outcome.code, outcome.stderr).to.equal(0);
      expect(outcome.stdout).to.contain(`Created ${kind} plugin acme-${kind}`);
      expect(readdirSync(join(dir, 'src'))).to.deep.equal([`${kind}.ts`]);
      await installTributary(dir, { npm: false });
      await tool(dir, 'tsc', ['-p', 'tsconfig.json']);
      await tool(dir, 'tsc', ['-p', 'tsconfig.test.json']); // npm run typecheck: compiles the tests too
      const { stdout } = await tool(dir, 'test');
      expect(stdout)
        .to.match(new RegExp(`ℹ pass ${passing}\\b`))
        .and.match(/ℹ fail 0\b/);
      const example = readmeYaml(dir);
      expect(example['plugins']).to.deep.equal([`acme-${kind}`]);
      expect(example[section]).to.have.length(1);
    });
  }

  it('defaults to a connector in ./<name without scope> under the working folder', async () => {
    const cwd = join(root, 'cwd');
    mkdirSync(cwd);
    const outcome = await runCli(['new', 'plugin', '@acme/hr-users'], { cwd });
    expect(outcome.code, outcome.stderr).to.equal(0);
    expect(readdirSync(join(cwd, 'hr-users', 'src'))).to.deep.equal(['connector.ts']);
    expect(readmeYaml(join(cwd, 'hr-users'))['plugins']).to.deep.equal(['@acme/hr-users']);
  });

  it('refuses a bad name, a bad kind and a folder that is not empty (exit 2)', async () => {
    const taken = join(root, 'taken');
    mkdirSync(taken);
    writeFileSync(join(taken, 'keep.txt'), 'x');
    const outcomes = await Promise.all([
      runCli(['new', 'plugin', 'Acme_Users', '--dir', join(root, 'a')]),
      runCli(['new', 'plugin', 'acme', '--kind', 'listener', '--dir', join(root, 'b')]),
      runCli(['new', 'plugin', 'acme', '--dir', taken]),
      runCli(['new', 'connector', 'acme']),
    ]);
    expect(outcomes.map((o) => o.code)).to.deep.equal([2, 2, 2, 2]);
    expect(outcomes[0]!.stderr).to.contain('must be an npm package name');
    expect(outcomes[1]!.stderr).to.contain('--kind must be one of connector, sink, credential');
    expect(outcomes[2]!.stderr).to.contain('already exists and is not empty');
    expect(outcomes[3]!.stderr).to.contain('Expected: tributary new plugin <name>');
  });
});
