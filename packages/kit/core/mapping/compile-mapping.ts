import type { MappingConfig } from '../config-types.js';
import { compileExpression } from './compile-expression.js';
import { compileExpressions } from './compile-expressions.js';
import { rowMapperOf } from './compiled-row-mapper.js';
import type { CompileExpressionOptions } from './expression-limits.js';
import type { RowMapper } from './row-mapper.js';

/**
 * Compiles a connector's mapping to evaluate it in the calling thread, each expression once: the
 * identification and every field source. Every expression that does not compile is reported at once
 * in a ConfigProblemsError, with paths relative to the connector (`mapping.identification`,
 * `mapping.fields[2].source`). A run compiles a {@link MappingPlan} instead (see mapping-plan.ts).
 */
export function compileMapping(config: MappingConfig, options: CompileExpressionOptions = {}): RowMapper {
  const { identification, fields } = compileExpressions(config, (source) => compileExpression(source, options));
  return rowMapperOf(config.identifier, config.onMissingValue !== 'keep', identification, fields);
}
