import type { BaseIssue } from 'valibot';
import type { ConfigProblem } from '../../core/index.js';
import { closestName } from '../../core/closest-name.js';
import { knownKeysAt, type PathStep } from './schema-keys.js';

type Issue = BaseIssue<unknown>;

/** `connectors[0].mapping.fields[2].source` from a valibot issue path, under an optional prefix. */
function issuePath(issue: Issue, prefix = ''): string {
  let path = prefix;
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === 'number') path += `[${key}]`;
    else path += path ? `.${String(key)}` : String(key);
  }
  return path;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/**
 * One plain sentence per valibot issue. Custom messages (set in the schemas) are kept as they are.
 * An unknown key names the closest of `knownKeys` (the keys allowed where it was found), if any.
 */
function issueMessage(issue: Issue, knownKeys: readonly string[] = []): string {
  if (issue.kind === 'schema' && issue.expected === 'never' && issue.received !== 'never') {
    const key = String(issue.path?.at(-1)?.key);
    const suggestion = closestName(
      key,
      knownKeys.filter((known) => known !== key),
    );
    return suggestion
      ? `unknown key "${key}": did you mean "${suggestion}"?`
      : `unknown key "${key}" (check its spelling; unknown keys are not allowed)`;
  }
  if (issue.message.startsWith('Invalid ')) {
    if (issue.input === undefined && issue.kind === 'schema') return `is required (expected ${issue.expected})`;
    if (issue.kind === 'schema') return `expected ${issue.expected}, got ${describe(issue.input)}`;
    return `${issue.message.replace(/^Invalid \w+: /, 'invalid value: ')}`;
  }
  return issue.message;
}

/**
 * The problems of a failed validation, paths under `prefix`. With the `schema` that was validated,
 * an unknown key gets a "did you mean" suggestion.
 */
export function toProblems(
  issues: readonly Issue[],
  prefix = '',
  schema?: unknown,
  base: { root?: unknown; steps: readonly PathStep[] } = { steps: [] },
): ConfigProblem[] {
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const items = issue.path ?? [];
    const root = base.steps.length ? base.root : items[0]?.input;
    const steps = [...base.steps, ...items.map((item) => ({ key: item.key, value: item.value }))];
    const knownKeys = (): string[] => (schema === undefined ? [] : knownKeysAt(schema, root, steps.slice(0, -1)));
    // A union reports one issue per branch, with paths relative to the union; the deepest sub-issues say more.
    const leaves = issue.issues?.length
      ? toProblems(issue.issues, issuePath(issue, prefix), schema, { root, steps })
      : [{ path: issuePath(issue, prefix), message: issueMessage(issue, knownKeys()) }];
    for (const problem of leaves) {
      const key = `${problem.path}\u0000${problem.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        problems.push(problem);
      }
    }
  }
  return problems;
}
