import type { MappingConfig } from '../config-types.js';
import { compileExpression } from './compile-expression.js';
import { compileExpressions } from './compile-expressions.js';
import type { MappingPlan, PlannedExpression } from './mapping-plan.js';
import type { CompiledExpression } from './row-mapper.js';

function planned(expression: CompiledExpression): PlannedExpression {
  const { source, path, tree } = expression;
  if (expression.native && path) return { source, isolated: false, path };
  return expression.native && tree ? { source, isolated: true, native: tree } : { source, isolated: true };
}

/**
 * Compiles a connector's mapping into its plan, each expression once: jsonata parses it (a syntax
 * error or an unknown function is a problem of the config), a plain path is marked native with its
 * property names, and an expression of the common shapes carries its native tree. Throws a
 * ConfigProblemsError listing every expression that does not compile.
 */
export function compileMappingPlan(
  config: MappingConfig,
  options: { readonly forceJsonata?: boolean } = {},
): MappingPlan {
  const compiled = compileExpressions(config, (source) => compileExpression(source, options));
  return {
    identifierKind: config.identifier,
    clearMissing: config.onMissingValue !== 'keep',
    identification: planned(compiled.identification),
    fields: compiled.fields.map((f) => ({ ...planned(f.expression), target: f.target })),
  };
}
