import { compileExpression, isTributaryError, type ConfigProblem, type ConnectorConfig } from '../../../core/index.js';
import { ABSOLUTE_URL } from './rest-json-client.js';

const EXPRESSIONS = ['recordsPath', 'totalPath', 'pagination.nextPath', 'pagination.cursorPath'] as const;

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
 * Offline checks: every JSONata expression of the parameters compiles (reported at its path), and a
 * relative `url` has credentials to take its base URL from.
 */
export function validateRestJsonConnector(connector: ConnectorConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
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
