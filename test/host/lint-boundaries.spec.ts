import { expect } from 'chai';
import { ESLint } from 'eslint';

/** The architecture's import rules are enforced by lint, not goodwill: prove the rule fires. */
async function ruleMessages(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: process.cwd() });
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message.replace(/^.* by a pattern\. /, ''));
}

const importing = (specifier: string): string => `import { x } from '${specifier}';\nexport const y = x;\n`;

describe('import boundaries (lint)', () => {
  it("keeps the kit's core/ free of the kernel, plugins and I/O", async () => {
    expect(
      await ruleMessages(
        'packages/kit/core/example.ts',
        "import { createHost } from '../kernel/create-host.js';\nexport const x = createHost;\n",
      ),
    ).to.have.length(1);
    expect(
      await ruleMessages(
        'packages/kit/core/example.ts',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ),
    ).to.deep.equal(['core/ does no I/O.']);
  });

  it("keeps plugins out of host/, the kit's internals and each other", async () => {
    const file = 'plugins/sink-jsonl/example.ts';
    expect(
      await ruleMessages(file, "import { main } from '../../host/cli/main.js';\nexport const x = main;\n"),
    ).to.have.length(1);
    expect(
      await ruleMessages(file, "import { x } from '../sink-sqlite/index.js';\nexport const y = x;\n"),
    ).to.deep.equal(['Plugins never import each other (sink-jsonl → sink-sqlite).']);
    expect(await ruleMessages(file, importing('tributary-kit/internal/core/problem-log.js'))).to.deep.equal([
      'Plugins use the public entries `tributary-kit` and `tributary-kit/testing` only, never internals.',
    ]);
    expect(await ruleMessages(file, importing('../../packages/kit/core/index.js'))).to.deep.equal([
      'Plugins import the kit by its package name (`tributary-kit`), never its files.',
    ]);
    expect(await ruleMessages(file, importing('tributary-kit'))).to.deep.equal([]);
    // The kit's own plugins: its core entry and its testing entry, never the kernel or another plugin.
    const kitFile = 'packages/kit/plugins/execution-log/example.ts';
    expect(await ruleMessages(kitFile, importing('../../core/index.js'))).to.deep.equal([]);
    expect(await ruleMessages(kitFile, importing('../../core/problem-log.js'))).to.deep.equal([
      'Import the public core entry (core/index.js), not core internals.',
    ]);
    expect(await ruleMessages(kitFile, importing('../../kernel/create-host.js'))).to.have.length(1);
    expect(await ruleMessages(kitFile, importing('../credentials/index.js'))).to.deep.equal([
      'Plugins never import each other (execution-log → credentials).',
    ]);
    expect(await ruleMessages(kitFile, importing('../../../../host/cli/main.js'))).to.deep.equal([
      'A plugin of the kit never imports outside the kit.',
    ]);
  });

  it("lets only a plugin's test/ folder import the Salesforce sandbox, a test fixture, and only through its index.js", async () => {
    const spec = 'plugins/salesforce-user-attributes/test/example.spec.ts';
    const support = 'plugins/salesforce-user-attributes/test/support/example.ts';
    expect(await ruleMessages(spec, importing('../../salesforce-sandbox/index.js'))).to.deep.equal([]);
    expect(await ruleMessages(support, importing('../../../salesforce-sandbox/index.js'))).to.deep.equal([]);
    expect(
      await ruleMessages('plugins/sink-jsonl/test/example.spec.ts', importing('../../salesforce-sandbox/index.js')),
    ).to.deep.equal([]);
    expect(await ruleMessages(spec, importing('../../salesforce-sandbox/faults.js'))).to.deep.equal([
      "A plugin's tests import the test fixture plugins/salesforce-sandbox through its public entry only (plugins/salesforce-sandbox/index.js).",
    ]);
    expect(
      await ruleMessages(
        'plugins/salesforce-user-attributes/src/example.ts',
        importing('../../salesforce-sandbox/index.js'),
      ),
    ).to.deep.equal([
      "plugins/salesforce-sandbox is a test fixture: only a plugin's test/ folder imports it, never its production code (salesforce-user-attributes).",
    ]);
    expect(
      await ruleMessages('plugins/salesforce-user-attributes/index.ts', importing('../salesforce-sandbox/index.js')),
    ).to.have.length(1);
    // The sandbox itself is held to a plugin's boundary: no other plugin, no host/.
    expect(
      await ruleMessages(
        'plugins/salesforce-sandbox/example.ts',
        importing('../salesforce-user-attributes/src/salesforce-ids.js'),
      ),
    ).to.deep.equal(['Plugins never import each other (salesforce-sandbox → salesforce-user-attributes).']);
    expect(
      await ruleMessages('plugins/salesforce-sandbox/example.ts', importing('../../host/cli/main.js')),
    ).to.have.length(1);
  });

  it('layers both packages: the kit (core, kernel, testing) never reaching the host; builtins below serve below cli', async () => {
    expect(
      await ruleMessages('packages/kit/kernel/run/example.ts', importing('../../testing/start-test-host.js')),
    ).to.deep.equal(['packages/kit/kernel never imports testing/: it sits below it or beside it.']);
    expect(
      await ruleMessages('packages/kit/kernel/run/example.ts', importing('../../../../host/serve/run-now.js')),
    ).to.deep.equal(['The kit never imports outside its package.']);
    expect(await ruleMessages('packages/kit/testing/example.ts', importing('../kernel/create-host.js'))).to.deep.equal(
      [],
    );
    expect(await ruleMessages('packages/kit/testing/example.ts', importing('tributary-kit'))).to.have.length(1);
    expect(
      await ruleMessages('packages/kit/kernel/run/example.ts', importing('../plugins/plugin-registry.js')),
    ).to.deep.equal([]);
    expect(await ruleMessages('host/builtins/example.ts', importing('../serve/run-now.js'))).to.have.length(1);
    expect(await ruleMessages('host/serve/scheduler/example.ts', importing('../../cli/main.js'))).to.have.length(1);
    expect(
      await ruleMessages('host/serve/scheduler/example.ts', importing('tributary-kit/internal/kernel/create-host.js')),
    ).to.deep.equal([]);
    expect(
      await ruleMessages('host/serve/scheduler/example.ts', importing('../../../packages/kit/kernel/create-host.js')),
    ).to.deep.equal(['host/ imports the kit by its package name, `tributary-kit`.']);
    expect(await ruleMessages('host/cli/commands/example.ts', importing('../../testing/index.js'))).to.have.length(1);
    expect(await ruleMessages('host/cli/commands/example.ts', importing('../../serve/run-now.js'))).to.deep.equal([]);
    expect(await ruleMessages('host/testing/example.ts', importing('../../plugins/sink-jsonl/index.js'))).to.deep.equal(
      ['host/ loads plugins through the plugin loader, never by import.'],
    );
    expect(
      await ruleMessages('host/serve/scheduler/example.ts', importing('../../../test/support/run-cli.js')),
    ).to.have.length(1);
  });

  it('holds plugin tests, at any depth, to the same boundary: the kit and the testing entry only', async () => {
    const spec = 'plugins/sink-jsonl/test/example.spec.ts';
    const support = 'plugins/sink-jsonl/test/support/example.ts';
    expect(await ruleMessages(spec, importing('../../../host/builtins/create-host.js'))).to.deep.equal([
      "Plugins use the kit (`tributary-kit`, `tributary-kit/testing`) and the host's testing.js only, never host/.",
    ]);
    expect(await ruleMessages(support, importing('../../../../host/serve/run-now.js'))).to.have.length(1);
    expect(await ruleMessages(spec, importing('../../../test/support/run-cli.js'))).to.deep.equal([
      "Plugins never import the repository's test/ (test/support is not public): use the kit (testing.js).",
    ]);
    expect(await ruleMessages(support, importing('../../../../test/support/run-cli.js'))).to.have.length(1);
    expect(await ruleMessages(spec, importing('../../sink-sqlite/sqlite-sink-type.js'))).to.deep.equal([
      'Plugins never import each other (sink-jsonl → sink-sqlite).',
    ]);
    expect(await ruleMessages(spec, importing('../../../index.js'))).to.deep.equal([
      'Outside its own folder a plugin imports only `tributary-kit`, `tributary-kit/testing` and testing.js.',
    ]);
    // What a plugin test may import: the kit, the testing entry, its own plugin and its own test support.
    for (const allowed of [
      '../../../testing.js',
      'tributary-kit',
      'tributary-kit/testing',
      '../index.js',
      './support/example.js',
    ]) {
      expect(await ruleMessages(spec, importing(allowed)), allowed).to.deep.equal([]);
    }
    expect(await ruleMessages(support, importing('../../../../testing.js'))).to.deep.equal([]);
    expect(await ruleMessages(support, importing('../../jsonl-lines.js'))).to.deep.equal([]);
  });

  it('refuses a production function longer than 80 lines, and lets a test have one', async () => {
    const body = (lines: number): string =>
      `export function long(): number {\n  let n = 0;\n${'  n += 1;\n'.repeat(lines - 4)}  return n;\n}\n`;
    const longMessages = async (filePath: string, lines: number): Promise<string[]> => {
      const [result] = await new ESLint({ cwd: process.cwd() }).lintText(body(lines), { filePath });
      return (result?.messages ?? []).filter((m) => m.ruleId === 'max-lines-per-function').map((m) => m.message);
    };
    expect(await longMessages('packages/kit/kernel/run/example.ts', 80)).to.deep.equal([]);
    expect(await longMessages('packages/kit/kernel/run/example.ts', 81)).to.have.length(1);
    expect(await longMessages('host/serve/example.ts', 81)).to.have.length(1);
    expect(await longMessages('plugins/sink-jsonl/example.ts', 81)).to.have.length(1);
    expect(await longMessages('packages/kit/core/example.ts', 81)).to.have.length(1);
    expect(await longMessages('test/host/example.spec.ts', 81)).to.deep.equal([]);
  });
});
