import { compileExpression, isTributaryError, type ConfigProblem, type ConnectorConfig, type CredentialConfig } from '../../../core/index.js';

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\//i;
const EXPRESSIONS = ['recordsPath', 'totalPath', 'pagination.nextPath', 'pagination.cursorPath'] as const;

function at(parameters: Readonly<Record<string, unknown>>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined), parameters);
}

/** Offline checks: every JSONata expression compiles, and a relative `url` has a credential to be relative to. */
export function validateRestJsonConnector(connector: ConnectorConfig, credential: CredentialConfig | undefined): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
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
  const url = connector.parameters['url'];
  if (typeof url === 'string' && !ABSOLUTE.test(url) && !credential) {
    problems.push({ path: 'parameters.url', message: 'is relative: name credentials whose url is the API base, or give an absolute URL' });
  }
  return problems;
}
