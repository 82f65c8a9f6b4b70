/**
 * Reads the official JSONata test suite (see its TESTSUITE.md) from the folder named by the
 * environment variable `TRIBUTARY_JSONATA_TEST_SUITE`. It is never copied into the repository, and
 * nothing is read from outside it unless that variable says so (`.ci/run` points it at
 * the suite folder beside the checkout).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

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

export const SUITE_ENV = 'TRIBUTARY_JSONATA_TEST_SUITE';

/** Where the suite is, or why it cannot be read (then the differential test is skipped, or fails under CI). */
export function locateSuite(env: NodeJS.ProcessEnv = process.env): { dir: string } | { missing: string } {
  const dir = env[SUITE_ENV];
  if (!dir)
    return { missing: `${SUITE_ENV} is not set (.ci/run sets it to the suite checked out beside the repository)` };
  const resolved = resolve(dir);
  if (!existsSync(join(resolved, 'groups')))
    return { missing: `${SUITE_ENV}=${dir}, but ${resolved} holds no groups/ folder of the JSONata test suite` };
  return { dir: resolved };
}

type RawCase = Omit<SuiteCase, 'id' | 'expr' | 'data' | 'bindings'> & {
  expr?: string;
  'expr-file'?: string;
  data?: unknown;
  dataset?: string | null;
  bindings?: Record<string, unknown>;
  error?: { code?: string };
};

export function loadSuite(suiteDir: string): SuiteCase[] {
  const datasets = new Map<string, unknown>();
  const dataset = (name: string): unknown => {
    if (!datasets.has(name)) datasets.set(name, readJson(join(suiteDir, 'datasets', `${name}.json`)));
    return datasets.get(name);
  };
  const cases: SuiteCase[] = [];
  for (const group of readdirSync(join(suiteDir, 'groups')).sort()) {
    const groupDir = join(suiteDir, 'groups', group);
    for (const file of readdirSync(groupDir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
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
