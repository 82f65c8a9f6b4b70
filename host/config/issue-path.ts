import type { BaseIssue } from 'valibot';
import type { ConfigProblem } from '../../core/index.js';

type Issue = BaseIssue<unknown>;

/** `connectors[0].mapping.fields[2].source` from a valibot issue path, under an optional prefix. */
export function issuePath(issue: Issue, prefix = ''): string {
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

/** One plain sentence per valibot issue. Custom messages (set in the schemas) are kept as they are. */
export function issueMessage(issue: Issue): string {
  if (issue.kind === 'schema' && issue.expected === 'never' && issue.received !== 'never') {
    const key = issue.path?.at(-1)?.key;
    return `unknown key "${String(key)}" (check its spelling; unknown keys are not allowed)`;
  }
  if (issue.message.startsWith('Invalid ')) {
    if (issue.input === undefined && issue.kind === 'schema') return `is required (expected ${issue.expected})`;
    if (issue.kind === 'schema') return `expected ${issue.expected}, got ${describe(issue.input)}`;
    return `${issue.message.replace(/^Invalid \w+: /, 'invalid value: ')}`;
  }
  return issue.message;
}

export function toProblems(issues: readonly Issue[], prefix = ''): ConfigProblem[] {
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    // A union reports one issue per branch; the deepest sub-issues say more.
    const leaves = issue.issues?.length ? toProblems(issue.issues, prefix) : [{ path: issuePath(issue, prefix), message: issueMessage(issue) }];
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
