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
  it('keeps core/ free of host/ and plugins/ imports and of I/O', async () => {
    expect(
      await ruleMessages(
        'core/example.ts',
        "import { createHost } from '../host/create-host.js';\nexport const x = createHost;\n",
      ),
    ).to.have.length(1);
    expect(
      await ruleMessages(
        'core/example.ts',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ),
    ).to.deep.equal(['core/ does no I/O.']);
  });

  it('keeps plugins out of host/, core internals and each other', async () => {
    const file = 'plugins/sink-jsonl/example.ts';
    expect(
      await ruleMessages(file, "import { main } from '../../host/cli/main.js';\nexport const x = main;\n"),
    ).to.have.length(1);
    expect(
      await ruleMessages(file, "import { x } from '../sink-sqlite/index.js';\nexport const y = x;\n"),
    ).to.deep.equal(['Plugins never import each other (sink-jsonl → sink-sqlite).']);
    expect(
      await ruleMessages(
        file,
        "import { ProblemLog } from '../../core/problem-log.js';\nexport const y = ProblemLog;\n",
      ),
    ).to.have.length(1);
    expect(
      await ruleMessages(file, "import { ProblemLog } from '../../core/index.js';\nexport const y = ProblemLog;\n"),
    ).to.deep.equal([]);
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

  it('layers host/: kernel below serve below cli, the kit beside cli, none reaching a plugin or test/', async () => {
    expect(await ruleMessages('host/kernel/run/example.ts', importing('../../serve/scheduler/serve.js'))).to.deep.equal(
      ['host/kernel never imports host/serve: it sits below it or beside it.'],
    );
    expect(await ruleMessages('host/kernel/example.ts', importing('../cli/main.js'))).to.have.length(1);
    expect(await ruleMessages('host/serve/scheduler/example.ts', importing('../../cli/main.js'))).to.have.length(1);
    expect(
      await ruleMessages('host/serve/scheduler/example.ts', importing('../../kernel/create-host.js')),
    ).to.deep.equal([]);
    expect(await ruleMessages('host/cli/commands/example.ts', importing('../../testing/index.js'))).to.have.length(1);
    expect(await ruleMessages('host/cli/commands/example.ts', importing('../../serve/run-now.js'))).to.deep.equal([]);
    expect(
      await ruleMessages('host/testing/example.ts', importing('../../plugins/execution-log/index.js')),
    ).to.deep.equal(['host/ loads plugins through the plugin loader, never by import.']);
    expect(
      await ruleMessages('host/kernel/run/example.ts', importing('../../../test/support/run-cli.js')),
    ).to.have.length(1);
    expect(await ruleMessages('host/kernel/run/example.ts', importing('../plugins/plugin-registry.js'))).to.deep.equal(
      [],
    );
  });

  it('holds plugin tests, at any depth, to the same boundary: the public core entry and the kit only', async () => {
    const spec = 'plugins/sink-jsonl/test/example.spec.ts';
    const support = 'plugins/sink-jsonl/test/support/example.ts';
    expect(await ruleMessages(spec, importing('../../../host/kernel/create-host.js'))).to.deep.equal([
      'Plugins use the public core entry (core/index.js) and the kit (testing.js) only, never host/.',
    ]);
    expect(await ruleMessages(support, importing('../../../../host/kernel/http/create-http-client.js'))).to.have.length(
      1,
    );
    expect(await ruleMessages(spec, importing('../../../test/support/run-cli.js'))).to.deep.equal([
      "Plugins never import the repository's test/ (test/support is not public): use the kit (testing.js).",
    ]);
    expect(await ruleMessages(support, importing('../../../../test/support/run-cli.js'))).to.have.length(1);
    expect(await ruleMessages(spec, importing('../../sink-sqlite/sqlite-sink-type.js'))).to.deep.equal([
      'Plugins never import each other (sink-jsonl → sink-sqlite).',
    ]);
    expect(await ruleMessages(spec, importing('../../../index.js'))).to.deep.equal([
      'Outside its own folder a plugin imports only core/index.js and testing.js.',
    ]);
    // What a plugin test may import: the kit, the core entry, its own plugin and its own test support.
    for (const allowed of ['../../../testing.js', '../../../core/index.js', '../index.js', './support/example.js']) {
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
    expect(await longMessages('host/kernel/run/example.ts', 80)).to.deep.equal([]);
    expect(await longMessages('host/kernel/run/example.ts', 81)).to.have.length(1);
    expect(await longMessages('plugins/sink-jsonl/example.ts', 81)).to.have.length(1);
    expect(await longMessages('core/example.ts', 81)).to.have.length(1);
    expect(await longMessages('test/host/example.spec.ts', 81)).to.deep.equal([]);
  });
});
