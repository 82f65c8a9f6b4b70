import type { MappingConfig } from '../config-types.js';
import { ConfigProblemsError, type ConfigProblem } from '../errors/config-problem.js';
import { compileExpression } from './compile-expression.js';
import { CompiledRowMapper } from './compiled-row-mapper.js';
import type { CompileExpressionOptions } from './expression-limits.js';
import type { CompiledExpression, RowMapper } from './row-mapper.js';

/**
 * Compiles a connector's mapping once per run (SPEC §6): the identification and every field source.
 * Every expression that does not compile is reported at once in a ConfigProblemsError, with paths
 * relative to the connector (`mapping.identification`, `mapping.fields[2].source`).
 */
export function compileMapping(config: MappingConfig, options: CompileExpressionOptions = {}): RowMapper {
  const problems: ConfigProblem[] = [];
  const compile = (source: string, path: string, what: string): CompiledExpression | undefined => {
    try {
      return compileExpression(source, options);
    } catch (thrown) {
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      problems.push({ path, message: `Invalid JSONata expression for ${what}: ${message}` });
      return undefined;
    }
  };
  const identification = compile(config.identification, 'mapping.identification', 'identification');
  const fields = config.fields.map((field, index) => ({
    field: field.target,
    subject: `Field "${field.target}"`,
    expression: compile(field.source, `mapping.fields[${index}].source`, `field ${field.target}`),
  }));
  if (identification === undefined || problems.length > 0) {
    throw new ConfigProblemsError(problems, 'The mapping has invalid JSONata expressions');
  }
  return new CompiledRowMapper({
    identifierKind: config.identifier,
    clearMissing: config.onMissingValue !== 'keep',
    identification: { subject: 'Identification', expression: identification },
    fields: fields.map((f) => ({ ...f, expression: f.expression as CompiledExpression })),
  });
}
