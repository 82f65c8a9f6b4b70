import { expect } from 'chai';
import { runCli, tempProject } from '../support/run-cli.js';

async function validateFile(name: string, content: string) {
  const cwd = tempProject({ [name]: content });
  return runCli(['validate'], { cwd, env: {} });
}

const lol = (levels: number): string => {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < levels; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\nconnectors: []\n`;
};

describe('config parse errors: the reason and the position, bounded YAML aliases (exit 2)', () => {
  const json: Array<[what: string, content: string, message: string]> = [
    [
      'a trailing comma',
      '{\n  "connectors": [],\n}',
      'JSON syntax error at line 3, column 1: Expected double-quoted property name',
    ],
    [
      'text after the value',
      '{ "connectors": [] } trailing',
      'JSON syntax error at line 1, column 22: Unexpected non-whitespace character after JSON',
    ],
    ['an unclosed object', '{ "connectors": [', 'JSON syntax error'],
  ];
  for (const [what, content, message] of json) {
    it(`JSON with ${what}`, async () => {
      const out = await validateFile('tributary.config.json', content);
      expect(out.code).to.equal(2);
      expect(out.stderr).to.match(/tributary\.config\.json: JSON syntax error/);
      expect(out.stderr).to.include(message);
    });
  }

  it('JSON with a byte-order mark loads (editors write one)', async () => {
    const out = await validateFile('tributary.config.json', '\uFEFF{ "connectors": [] }');
    expect(out.stderr).to.equal('');
    expect(out.code).to.equal(0);
  });

  it('billion-laughs YAML is refused at once, naming the limit', async () => {
    const out = await validateFile('tributary.config.yaml', lol(9));
    expect(out.code).to.equal(2);
    expect(out.stderr).to.include(
      'tributary.config.yaml: the config expands to more than 100,000 values (YAML aliases repeating large nodes, "billion laughs"?)',
    );
  });

  it('a few aliases reusing a node are fine', async () => {
    const out = await validateFile('tributary.config.yaml', `${lol(3)}extra: [*a2, *a2]\n`);
    expect(out.stderr).not.to.include('expands');
  });

  for (const [what, yaml, path] of [
    ['a sequence', 'connectors: &c [*c]\n', 'connectors[0]'],
    ['a mapping', 'state: &s\n  dir: x\n  again: *s\n', 'state.again'],
  ] as const) {
    it(`a self-recursive alias in ${what} is refused with the path, not a stack overflow`, async () => {
      const out = await validateFile('tributary.config.yaml', yaml);
      expect(out.code).to.equal(2);
      expect(out.stderr).to.include(
        `${path} refers back to a node that contains it (a YAML alias used inside its own anchor): a config must be a tree`,
      );
      expect(out.stderr).not.to.match(/stack/i);
    });
  }
});
