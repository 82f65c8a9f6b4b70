import { expect } from 'chai';
import { ESLint } from 'eslint';

/** The architecture's import rules are enforced by lint, not goodwill: prove the rule fires. */
async function ruleMessages(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: process.cwd() });
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message.replace(/^.* by a pattern\. /, ''));
}

describe('import boundaries (lint)', () => {
  it('keeps core/ free of host/ and plugins/ imports and of I/O', async () => {
    expect(await ruleMessages('core/example.ts', "import { createHost } from '../host/create-host.js';\nexport const x = createHost;\n")).to.have.length(1);
    expect(await ruleMessages('core/example.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).to.deep.equal(['core/ does no I/O.']);
  });

  it('keeps plugins out of host/, core internals and each other', async () => {
    const file = 'plugins/sink-jsonl/example.ts';
    expect(await ruleMessages(file, "import { main } from '../../host/cli/main.js';\nexport const x = main;\n")).to.have.length(1);
    expect(await ruleMessages(file, "import { x } from '../sink-sqlite/index.js';\nexport const y = x;\n")).to.deep.equal([
      'Plugins never import each other (sink-jsonl → sink-sqlite).',
    ]);
    expect(await ruleMessages(file, "import { ProblemLog } from '../../core/problem-log.js';\nexport const y = ProblemLog;\n")).to.have.length(1);
    expect(await ruleMessages(file, "import { ProblemLog } from '../../core/index.js';\nexport const y = ProblemLog;\n")).to.deep.equal([]);
  });
});
