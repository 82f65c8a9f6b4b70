import { compileExpression, isTributaryError, type ConfigProblem, type ConnectorConfig } from '../../../core/index.js';

const EXPRESSIONS = ['recordsPath', 'totalPath', 'pagination.nextPath', 'pagination.cursorPath'] as const;

function at(parameters: Readonly<Record<string, unknown>>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined), parameters);
}

/** Offline check: every JSONata expression of the parameters compiles (reported at its path). */
export function validateRestJsonConnector(connector: ConnectorConfig): ConfigProblem[] {
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
  return problems;
}
