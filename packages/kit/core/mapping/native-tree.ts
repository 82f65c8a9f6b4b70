import type jsonata from 'jsonata';
import { plainPathOf } from './plain-path.js';

/** The built-in functions a native tree calls, each with exactly one argument. */
export type NativeFunction = 'lowercase' | 'uppercase' | 'trim' | 'exists';

/** The binary operators a native tree evaluates; `=` and `!=` only with a literal on one side. */
type NativeOperator = '&' | '=' | '!=' | 'and' | 'or';

export type NativeLiteral = string | number | boolean | null;

/**
 * An expression of the common shapes, as plain data (a mapping plan carries it to wherever the
 * expression runs): plain paths and literals combined by string concatenation, equality with a
 * literal, `and`/`or`, conditionals (`c ? x : y`, `c ? x`, `a ?: b`, `a ?? b`) and calls of
 * `$lowercase`, `$uppercase`, `$trim` and `$exists` with one argument.
 */
export type NativeTree =
  | { readonly kind: 'path'; readonly path: readonly string[] }
  | { readonly kind: 'literal'; readonly value: NativeLiteral }
  | { readonly kind: 'binary'; readonly op: NativeOperator; readonly lhs: NativeTree; readonly rhs: NativeTree }
  | { readonly kind: 'call'; readonly name: NativeFunction; readonly argument: NativeTree }
  | {
      readonly kind: 'condition';
      readonly condition: NativeTree;
      readonly then: NativeTree;
      readonly else?: NativeTree;
    };

type Node = Record<string, unknown>;

const FUNCTIONS: ReadonlySet<string> = new Set<NativeFunction>(['lowercase', 'uppercase', 'trim', 'exists']);
const OPERATORS: ReadonlySet<string> = new Set<NativeOperator>(['&', '=', '!=', 'and', 'or']);

/**
 * The properties each supported node may carry. Anything else (a predicate, a group, `keepArray`,
 * a focus or index binding, stages…) changes how jsonata evaluates the node, so the whole expression
 * is left to jsonata.
 */
const ALLOWED: Readonly<Record<string, ReadonlySet<string>>> = {
  string: new Set(['type', 'value', 'position']),
  number: new Set(['type', 'value', 'position']),
  value: new Set(['type', 'value', 'position']),
  binary: new Set(['type', 'value', 'position', 'lhs', 'rhs']),
  function: new Set(['type', 'name', 'value', 'position', 'arguments', 'procedure']),
  variable: new Set(['type', 'value', 'position']),
  condition: new Set(['type', 'position', 'condition', 'then', 'else']),
  block: new Set(['type', 'position', 'expressions']),
};

function hasOnlyKeys(node: Node, type: string): boolean {
  const allowed = ALLOWED[type];
  return allowed !== undefined && Reflect.ownKeys(node).every((key) => typeof key === 'string' && allowed.has(key));
}

/** A recognised node and how deep jsonata nests its evaluation (its `stack` guard counts that). */
type Recognised = { readonly tree: NativeTree; readonly depth: number } | undefined;

function literalOf(node: Node): Recognised {
  const value = node['value'];
  const ok =
    (node['type'] === 'string' && typeof value === 'string') ||
    (node['type'] === 'number' && typeof value === 'number' && Number.isFinite(value)) ||
    (node['type'] === 'value' && (value === true || value === false || value === null));
  return ok ? { tree: { kind: 'literal', value: value as NativeLiteral }, depth: 1 } : undefined;
}

function binaryOf(node: Node): Recognised {
  const op = node['value'];
  if (typeof op !== 'string' || !OPERATORS.has(op)) return undefined;
  const lhs = recognise(node['lhs']);
  const rhs = recognise(node['rhs']);
  if (!lhs || !rhs) return undefined;
  // Equality is native only against a literal, where jsonata's deep equality is plain `===`.
  if ((op === '=' || op === '!=') && lhs.tree.kind !== 'literal' && rhs.tree.kind !== 'literal') return undefined;
  const tree: NativeTree = { kind: 'binary', op: op as NativeOperator, lhs: lhs.tree, rhs: rhs.tree };
  return { tree, depth: 1 + Math.max(lhs.depth, rhs.depth) };
}

function callOf(node: Node): Recognised {
  const procedure = node['procedure'] as Node | undefined;
  const args = node['arguments'];
  // jsonata's parser copies a `name` onto every call; evaluation never reads it, and it is empty here.
  if (node['value'] !== '(' || node['name'] !== undefined || !Array.isArray(args) || args.length !== 1)
    return undefined;
  if (typeof procedure !== 'object' || procedure === null || procedure['type'] !== 'variable') return undefined;
  const name = procedure['value'];
  if (!hasOnlyKeys(procedure, 'variable') || typeof name !== 'string' || !FUNCTIONS.has(name)) return undefined;
  const argument = recognise(args[0]);
  if (!argument) return undefined;
  // jsonata evaluates the procedure (one level) and the argument below the call.
  return {
    tree: { kind: 'call', name: name as NativeFunction, argument: argument.tree },
    depth: 1 + Math.max(1, argument.depth),
  };
}

function conditionOf(node: Node): Recognised {
  const condition = recognise(node['condition']);
  const then = recognise(node['then']);
  const otherwise = node['else'] === undefined ? undefined : recognise(node['else']);
  if (!condition || !then || (node['else'] !== undefined && !otherwise)) return undefined;
  const tree: NativeTree = otherwise
    ? { kind: 'condition', condition: condition.tree, then: then.tree, else: otherwise.tree }
    : { kind: 'condition', condition: condition.tree, then: then.tree };
  return { tree, depth: 1 + Math.max(condition.depth, then.depth, otherwise?.depth ?? 0) };
}

function recognise(value: unknown): Recognised {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const node = value as Node;
  const type = node['type'];
  if (type === 'path') {
    const path = plainPathOf(node as unknown as jsonata.ExprNode);
    // jsonata evaluates each step one level below the path.
    return path ? { tree: { kind: 'path', path }, depth: 2 } : undefined;
  }
  if (typeof type !== 'string' || !hasOnlyKeys(node, type)) return undefined;
  switch (type) {
    case 'string':
    case 'number':
    case 'value':
      return literalOf(node);
    case 'binary':
      return binaryOf(node);
    case 'function':
      return callOf(node);
    case 'condition':
      return conditionOf(node);
    case 'block': {
      // `( x )`: one expression in parentheses evaluates to that expression (no binding can occur in it).
      const expressions = node['expressions'];
      if (!Array.isArray(expressions) || expressions.length !== 1) return undefined;
      const inner = recognise(expressions[0]);
      return inner && { tree: inner.tree, depth: 1 + inner.depth };
    }
    default:
      return undefined;
  }
}

/**
 * The native tree of an expression jsonata has parsed, or `undefined` when it has any other shape (or
 * nests deeper than `maxDepth`, where jsonata's guard would stop it). Recognition works on jsonata's
 * own syntax tree, as a whitelist of node types and node properties, so it can never read an
 * expression differently from jsonata.
 */
export function nativeTreeOf(ast: jsonata.ExprNode, maxDepth: number): NativeTree | undefined {
  const recognised = recognise(ast);
  return recognised && recognised.depth <= maxDepth ? recognised.tree : undefined;
}
