import type jsonata from 'jsonata';
import { ConfigError } from '../errors/error-classes.js';
import { isJsonataFunction, nearestJsonataFunctions } from './jsonata-builtins.js';

/** One call of a function that nothing provides. */
export interface UnknownFunction {
  /** The name without `$`. */
  readonly name: string;
  readonly position: number | undefined;
  /** Built-ins one edit away (`lowercase` for `lowercas`). */
  readonly suggestions: readonly string[];
}

type Node = Record<string, unknown>;

/**
 * Walks jsonata's syntax tree and returns the calls (`$f(…)`, `$f(?, 1)`) of functions that are
 * neither jsonata built-ins nor bound in the expression itself: by `:=`, as a lambda parameter, or as
 * a focus or index variable (`@$x`, `#$i`). A function passed as a value (`$map(a, $uppercase)`) is
 * not a call. Bindings count wherever they appear in the expression (no scoping): the check never
 * rejects an expression jsonata could run, it catches the misspelt built-in.
 */
export function unknownFunctions(ast: jsonata.ExprNode): UnknownFunction[] {
  const bound = new Set<string>();
  const calls: Array<{ name: string; position: number | undefined }> = [];
  const seen = new WeakSet<object>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) return value.forEach(visit);
    const node = value as Node;
    const procedure = node['procedure'] as Node | undefined;
    if (
      (node['type'] === 'function' || node['type'] === 'partial') &&
      procedure?.['type'] === 'variable' &&
      typeof procedure['value'] === 'string'
    ) {
      calls.push({
        name: procedure['value'],
        position: typeof node['position'] === 'number' ? node['position'] : undefined,
      });
    }
    if (node['type'] === 'bind') bindVariable(node['lhs']);
    if (node['type'] === 'lambda' && Array.isArray(node['arguments'])) node['arguments'].forEach(bindVariable);
    for (const key of ['focus', 'index']) if (typeof node[key] === 'string') bound.add(node[key]);
    for (const key in node) visit(node[key]);
  };
  const bindVariable = (lhs: unknown): void => {
    const variable = lhs as Node | undefined;
    if (variable?.['type'] === 'variable' && typeof variable['value'] === 'string') bound.add(variable['value']);
  };
  visit(ast);
  const unknown = new Map<string, UnknownFunction>();
  for (const { name, position } of calls) {
    if (name === '' || name === '$' || bound.has(name) || unknown.has(name) || isJsonataFunction(name)) continue;
    unknown.set(name, { name, position, suggestions: nearestJsonataFunctions(name) });
  }
  return [...unknown.values()];
}

/** Thrown when an expression calls a function nothing provides (`MAPPING_UNKNOWN_FUNCTION`). */
class UnknownFunctionError extends ConfigError {
  readonly functions: readonly UnknownFunction[];
  constructor(functions: readonly UnknownFunction[]) {
    super('MAPPING_UNKNOWN_FUNCTION', functions.map(describeUnknown).join('; '), {
      details: { functions: functions.map((f) => `$${f.name}`).join(', ') },
    });
    this.functions = functions;
  }
}

function describeUnknown(f: UnknownFunction): string {
  const suggestion = f.suggestions.length
    ? `: did you mean ${f.suggestions.map((s) => `$${s}`).join(' or ')}?`
    : ': it is not a JSONata function';
  return `unknown function $${f.name}${suggestion}`;
}

/** Throws UnknownFunctionError when the expression calls a function nothing provides. */
export function assertKnownFunctions(ast: jsonata.ExprNode): void {
  const unknown = unknownFunctions(ast);
  if (unknown.length) throw new UnknownFunctionError(unknown);
}
