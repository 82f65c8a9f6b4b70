import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The production TypeScript files git tracks (no tests, no fixtures, no spec files). */
function productionFiles(): string[] {
  return execFileSync('git', ['ls-files', '*.ts'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && !/(^|\/)(test|fixtures)\//.test(f) && !f.endsWith('.spec.ts') && !f.endsWith('.d.ts'));
}

/** The repository files a module imports by a relative specifier, type-only imports included. */
function importsOf(file: string, source: string, known: ReadonlySet<string>): string[] {
  const found = [...source.matchAll(/^\s*(?:import|export)\b[^'"`;]*?\bfrom\s+'(\.{1,2}\/[^']+)'/gm)].map((m) => m[1]!);
  return found
    .map((specifier) => normalize(join(dirname(file), specifier.replace(/\.js$/, '.ts'))))
    .filter((target) => known.has(target));
}

/** The strongly connected parts of more than one file (Tarjan), each a circle of imports. */
function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) visit(next);
      if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, low.get(next)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const part: string[] = [];
    for (let top = stack.pop()!; ; top = stack.pop()!) {
      onStack.delete(top);
      part.push(top);
      if (top === node) break;
    }
    if (part.length > 1) circles.push(part.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return circles;
}

describe('import structure: no circles', () => {
  it('finds a circle when there is one, and none in a chain', () => {
    expect(
      importCircles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).to.deep.equal([['a', 'b', 'c']]);
    expect(
      importCircles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).to.deep.equal([]);
  });

  it('no production file imports, through others, a file that imports it', () => {
    const files = productionFiles();
    const known = new Set(files);
    const graph = new Map(files.map((f) => [f, importsOf(f, readFileSync(join(ROOT, f), 'utf8'), known)]));
    expect([...graph.values()].flat().length, 'imports are read').to.be.greaterThan(files.length);
    expect(importCircles(graph)).to.deep.equal([]);
  });
});
