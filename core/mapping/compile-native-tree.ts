import { DEFAULT_EXPRESSION_LIMITS } from './expression-limits.js';
import {
  castToBoolean,
  castToString,
  functionArity,
  JsonataError,
  lowercaseLikeJsonata,
  signatureSymbol,
  trimLikeJsonata,
  uppercaseLikeJsonata,
} from './jsonata-cast.js';
import { isJsonataFunction } from './jsonata-sequence.js';
import { toEvaluationRowError } from './jsonata-failure.js';
import { createPathAccessor } from './native-path.js';
import type { NativeFunction, NativeLiteral, NativeTree } from './native-tree.js';

/** A compiled node: what jsonata's `evaluate` gives for it on one input. Throws jsonata's errors. */
type Evaluator = (input: unknown) => unknown;

/** What `&` makes of one operand: jsonata's `fn.string`, with nothing as ''. */
function operandString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return value === undefined ? '' : castToString(value);
}

/** jsonata's `lstr.concat(rstr)`, including what it does when a cast gave no string. */
function joined(lhs: string | undefined, rhs: string | undefined): string {
  if (typeof lhs === 'string' && typeof rhs === 'string') return lhs + rhs;
  return (lhs as string).concat(rhs as string);
}

/** `lhs & rhs`: both operands evaluated, then each cast, left first (as jsonata does). */
function concatenation(lhsTree: NativeTree, rhsTree: NativeTree): Evaluator {
  const lhs = compileNode(lhsTree);
  const rhs = compileNode(rhsTree);
  // A literal's cast cannot fail, so it is done once; the order of failures stays jsonata's.
  if (rhsTree.kind === 'literal') {
    const right = operandString(rhsTree.value);
    return (input) => joined(operandString(lhs(input)), right);
  }
  if (lhsTree.kind === 'literal') {
    const left = operandString(lhsTree.value);
    return (input) => joined(left, operandString(rhs(input)));
  }
  return (input) => {
    const left = lhs(input);
    const right = rhs(input);
    return joined(operandString(left), operandString(right));
  };
}

/** `=` and `!=` against a literal: false when either side is nothing, else jsonata's deep equality, which is `===` here. */
function equality(negated: boolean, lhsTree: NativeTree, rhsTree: NativeTree): Evaluator {
  const lhs = compileNode(lhsTree);
  const rhs = compileNode(rhsTree);
  return (input) => {
    const left = lhs(input);
    const right = rhs(input);
    if (left === undefined || right === undefined) return false;
    return negated ? left !== right : left === right;
  };
}

/** jsonata's `boolize`: the effective boolean value, nothing being false. */
const boolize = (value: unknown): boolean => castToBoolean(value) ?? false;

/** `and` / `or`, short-circuited; jsonata names the operator as the token of any error raised past its left operand. */
function logical(op: 'and' | 'or', lhsTree: NativeTree, rhsTree: NativeTree): Evaluator {
  const lhs = compileNode(lhsTree);
  const rhs = compileNode(rhsTree);
  return (input) => {
    const left = lhs(input);
    try {
      if (op === 'and') return boolize(left) && boolize(rhs(input));
      return boolize(left) || boolize(rhs(input));
    } catch (thrown) {
      if (thrown instanceof JsonataError) thrown.token = op;
      throw thrown;
    }
  };
}

const STRING_FUNCTIONS: Readonly<Record<Exclude<NativeFunction, 'exists'>, (str: unknown) => unknown>> = {
  lowercase: lowercaseLikeJsonata,
  uppercase: uppercaseLikeJsonata,
  trim: trimLikeJsonata,
};

/**
 * jsonata's call of a built-in on one evaluated argument: a function is wrapped first (which reads its
 * arity), then the signature is checked (`<x:b>` for `$exists`, `<s-:s>` for the string functions,
 * which let through a string or a value read as missing, and otherwise fail with T0410).
 */
function callWith(name: NativeFunction, value: unknown): unknown {
  if (isJsonataFunction(value)) functionArity(value);
  if (name === 'exists') return value !== undefined;
  const symbol = signatureSymbol(value);
  if (symbol === 's' || symbol === 'm') return STRING_FUNCTIONS[name](value);
  throw new JsonataError('T0410', value, { token: name, index: 1 });
}

function call(name: NativeFunction, argumentTree: NativeTree): Evaluator {
  const argument = compileNode(argumentTree);
  switch (name) {
    case 'exists':
      return (input) => {
        const value = argument(input);
        return typeof value === 'string' || callWith(name, value);
      };
    case 'lowercase':
      return (input) => {
        const value = argument(input);
        return typeof value === 'string' ? value.toLowerCase() : callWith(name, value);
      };
    case 'uppercase':
      return (input) => {
        const value = argument(input);
        return typeof value === 'string' ? value.toUpperCase() : callWith(name, value);
      };
    case 'trim':
      return (input) => callWith(name, argument(input));
  }
}

function condition(tree: Extract<NativeTree, { kind: 'condition' }>): Evaluator {
  const test = compileNode(tree.condition);
  const then = compileNode(tree.then);
  const otherwise = tree.else === undefined ? undefined : compileNode(tree.else);
  const holds = (value: unknown): boolean =>
    typeof value === 'string' ? value.length > 0 : castToBoolean(value) === true;
  if (otherwise === undefined) return (input) => (holds(test(input)) ? then(input) : undefined);
  return (input) => (holds(test(input)) ? then(input) : otherwise(input));
}

function literal(value: NativeLiteral): Evaluator {
  return () => value;
}

function compileNode(tree: NativeTree): Evaluator {
  switch (tree.kind) {
    case 'path':
      return createPathAccessor(tree.path);
    case 'literal':
      return literal(tree.value);
    case 'call':
      return call(tree.name, tree.argument);
    case 'condition':
      return condition(tree);
    case 'binary':
      if (tree.op === '&') return concatenation(tree.lhs, tree.rhs);
      if (tree.op === '=' || tree.op === '!=') return equality(tree.op === '!=', tree.lhs, tree.rhs);
      return logical(tree.op, tree.lhs, tree.rhs);
  }
}

/**
 * Compiles a native tree into closures that return exactly what `jsonata(source).evaluate(input)`
 * resolves to, synchronously. Whatever the evaluation throws becomes the RowError jsonata's failure
 * would have become (same code, message and `jsonataCode`).
 */
export function compileNativeTree(tree: NativeTree): (input: unknown) => unknown {
  const evaluate = compileNode(tree);
  return (input) => {
    try {
      return evaluate(input);
    } catch (thrown) {
      throw toEvaluationRowError(thrown, DEFAULT_EXPRESSION_LIMITS);
    }
  };
}
