import { compileExpression, isTributaryError, type ConfigProblem, type ConnectorConfig } from 'tributary-kit';
import { neededForIncremental } from './incremental-needs.js';
import { ABSOLUTE_URL } from './rest-json-client.js';

const EXPRESSIONS = [
  'recordsPath',
  'totalPath',
  'pagination.nextPath',
  'pagination.cursorPath',
  'changes.changedAtPath',
] as const;

function at(parameters: Readonly<Record<string, unknown>>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined,
      parameters,
    );
}

/**
 * `sync: { mode: incremental }` reads only what changed since the cursor: the API must be told how to
 * filter (`changes`), and say how many records it holds in all (`totalPath`), the count that proves a
 * change read left no record behind.
 */
function incrementalProblems(connector: ConnectorConfig): ConfigProblem[] {
  if (connector.sync?.mode !== 'incremental') return [];
  return (['changes', 'totalPath'] as const)
    .filter((name) => connector.parameters[name] === undefined)
    .map((name) => ({ path: `parameters.${name}`, message: neededForIncremental(name) }));
}

/**
 * Offline checks: every JSONata expression of the parameters compiles (reported at its path), a
 * relative `url` has credentials to take its base URL from, and an incremental connector says how to
 * read changes and count the source.
 */
export function validateRestJsonConnector(connector: ConnectorConfig): ConfigProblem[] {
  const problems = incrementalProblems(connector);
  const url = connector.parameters['url'];
  if (typeof url === 'string' && !ABSOLUTE_URL.test(url) && !connector.credentials) {
    problems.push({
      path: 'parameters.url',
      message: `"${url}" is relative: give an absolute URL, or credentials whose url is the API base`,
    });
  }
  for (const path of EXPRESSIONS) {
    const source = at(connector.parameters, path);
    if (typeof source !== 'string') continue;
    try {
      compileExpression(source);
    } catch (error) {
      if (!isTributaryError(error)) throw error;
      problems.push({ path: `parameters.${path}`, message: error.message });
    }
  }
  return problems;
}
