import type { MappingConfig } from '../config-types.js';
import { messageOf } from '../describe-error.js';
import { ConfigProblemsError, type ConfigProblem } from '../errors/config-problem.js';
import type { CompiledExpression } from './row-mapper.js';

/** Every expression of a mapping, compiled, in the order of the config. */
export interface CompiledExpressions {
  readonly identification: CompiledExpression;
  readonly fields: readonly { readonly target: string; readonly expression: CompiledExpression }[];
}

/**
 * Compiles the identification and every field source with `compile`, each once. Every expression that
 * does not compile is reported at once in a ConfigProblemsError, with paths relative to the connector
 * (`mapping.identification`, `mapping.fields[2].source`).
 */
export function compileExpressions(
  config: MappingConfig,
  compile: (source: string) => CompiledExpression,
): CompiledExpressions {
  const problems: ConfigProblem[] = [];
  const attempt = (source: string, path: string, what: string): CompiledExpression | undefined => {
    try {
      return compile(source);
    } catch (thrown) {
      problems.push({ path, message: `Invalid JSONata expression for ${what}: ${messageOf(thrown)}` });
      return undefined;
    }
  };
  const identification = attempt(config.identification, 'mapping.identification', 'identification');
  const fields = config.fields.map((field, index) => ({
    target: field.target,
    expression: attempt(field.source, `mapping.fields[${index}].source`, `field ${field.target}`),
  }));
  if (identification === undefined || problems.length > 0) {
    throw new ConfigProblemsError(problems, 'The mapping has invalid JSONata expressions');
  }
  return { identification, fields: fields.map((f) => ({ target: f.target, expression: f.expression! })) };
}
