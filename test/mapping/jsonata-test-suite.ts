/**
 * Reads the official JSONata test suite (see its TESTSUITE.md), which lives beside the repository
 * as `../shared/jsonata-test-suite` and is never copied into it. `TRIBUTARY_JSONATA_TEST_SUITE`
 * may point elsewhere.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SuiteCase {
  readonly id: string;
  readonly expr: string;
  /** `undefined` when the case's dataset is `null`. */
  readonly data: unknown;
  readonly bindings: Record<string, unknown>;
  readonly result?: unknown;
  readonly undefinedResult?: boolean;
  /** The error code expected (the suite writes it as `code` or as `error.code`). */
  readonly code?: string;
  readonly timelimit?: number;
  readonly depth?: number;
  readonly unordered?: boolean;
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const suiteDir = process.env.TRIBUTARY_JSONATA_TEST_SUITE ?? join(repoRoot, '..', 'shared', 'jsonata-test-suite');

type RawCase = Omit<SuiteCase, 'id' | 'expr' | 'data' | 'bindings'> & {
  expr?: string; 'expr-file'?: string; data?: unknown; dataset?: string | null; bindings?: Record<string, unknown>;
  error?: { code?: string };
};

export function loadSuite(): SuiteCase[] {
  if (!existsSync(join(suiteDir, 'groups'))) {
    throw new Error(`The JSONata test suite is missing: expected it at ${suiteDir} (../shared/jsonata-test-suite beside the repository)`);
  }
  const datasets = new Map<string, unknown>();
  const dataset = (name: string): unknown => {
    if (!datasets.has(name)) datasets.set(name, readJson(join(suiteDir, 'datasets', `${name}.json`)));
    return datasets.get(name);
  };
  const cases: SuiteCase[] = [];
  for (const group of readdirSync(join(suiteDir, 'groups')).sort()) {
    const groupDir = join(suiteDir, 'groups', group);
    for (const file of readdirSync(groupDir).filter((f) => f.endsWith('.json')).sort()) {
      const raw = [readJson(join(groupDir, file)) as RawCase | RawCase[]].flat();
      raw.forEach((c, index) => {
        const expr = c['expr-file'] === undefined ? c.expr : readFileSync(join(groupDir, c['expr-file']), 'utf8');
        if (expr === undefined) throw new Error(`Case ${group}/${file} has no expression`);
        const data = 'data' in c ? c.data : c.dataset == null ? undefined : dataset(c.dataset);
        const id = raw.length > 1 ? `${group}/${file}#${index}` : `${group}/${file}`;
        cases.push({ ...c, id, expr, data, bindings: c.bindings ?? {}, code: c.code ?? c.error?.code });
      });
    }
  }
  return cases;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}
