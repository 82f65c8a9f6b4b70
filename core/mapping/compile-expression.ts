// Placeholder: replaced by the mapping engine (issue 5).
import type { CompiledExpression } from './row-mapper.js';
export function compileExpression(source: string): CompiledExpression {
  throw new Error(`compileExpression not implemented yet (${source})`);
}
