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

const isLeaf = (tree: NativeTree): boolean => tree.kind === 'path' || tree.kind === 'literal';

/**
 * The operands of a left-nested chain of `&` (`a & " " & b`, which jsonata reads as `(a & " ") & b`),
 * when every one is a path or a literal. A right-nested one (`a & (b & c)`) is not a chain: jsonata
 * casts `b` and `c` before `a`.
 */
function chainOf(tree: NativeTree): NativeTree[] | undefined {
  if (isLeaf(tree)) return [tree];
  if (tree.kind !== 'binary' || tree.op !== '&' || !isLeaf(tree.rhs)) return undefined;
  const lhs = chainOf(tree.lhs);
  return lhs && [...lhs, tree.rhs];
}

/**
 * A chain of `&` over paths and literals, in one closure. Reading a path or a literal cannot fail, so
 * casting each operand in turn, left to right, fails where jsonata's nested evaluation fails.
 */
function chain(operands: readonly NativeTree[]): Evaluator {
  const parts = operands.map((operand) =>
    operand.kind === 'literal' ? operandString(operand.value) : compileNode(operand),
  );
  if (
    parts.length === 3 &&
    typeof parts[1] === 'string' &&
    typeof parts[0] !== 'string' &&
    typeof parts[2] !== 'string'
  ) {
    const [first, middle, last] = parts as [Evaluator, string, Evaluator];
    return (input) => joined(joined(operandString(first(input)), middle), operandString(last(input)));
  }
  return (input) => {
    let result: string | undefined;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const text = typeof part === 'string' ? part : operandString(part(input));
      result = i === 0 ? text : joined(result, text);
    }
    return result;
  };
}

/** `lhs & rhs`: both operands evaluated, then each cast, left first (as jsonata does). */
function concatenation(lhsTree: NativeTree, rhsTree: NativeTree): Evaluator {
  const operands = isLeaf(rhsTree) ? chainOf(lhsTree) : undefined;
  if (operands) return chain([...operands, rhsTree]);
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

/**
 * Whether jsonata takes a value as true (`fn.boolean`, nothing being false). The values records
 * mostly hold are decided here; anything else goes to the full port.
 */
function holds(value: unknown): boolean {
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'boolean') return value;
  if (value === null || value === undefined) return false;
  return castToBoolean(value) === true;
}

/** jsonata's `boolize`: the effective boolean value, nothing being false. */
const boolize = holds;

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

/** Each built-in applied to its evaluated argument, a string handled on the spot. */
const APPLY: Readonly<Record<NativeFunction, (value: unknown) => unknown>> = {
  exists: (value) => typeof value === 'string' || callWith('exists', value),
  lowercase: (value) => (typeof value === 'string' ? value.toLowerCase() : callWith('lowercase', value)),
  uppercase: (value) => (typeof value === 'string' ? value.toUpperCase() : callWith('uppercase', value)),
  trim: (value) => (typeof value === 'string' ? trimmed(value) : callWith('trim', value)),
};

function call(name: NativeFunction, argumentTree: NativeTree): Evaluator {
  const argument = compileNode(argumentTree);
  const apply = APPLY[name];
  return (input) => apply(argument(input));
}

/**
 * jsonata's `$trim` of a string: the string itself when trimming changes nothing (no tab, newline or
 * carriage return, no space at either end and no two spaces in a row), otherwise the full port.
 */
function trimmed(str: string): string {
  const last = str.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = str.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13) return trimLikeJsonata(str) as string;
    if (c === 32 && (i === 0 || i === last || str.charCodeAt(i - 1) === 32)) return trimLikeJsonata(str) as string;
  }
  return str;
}

/** Trees are pure functions of the input: two equal trees give equal results. */
const sameTree = (a: NativeTree, b: NativeTree): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * `c ? x : y` and `c ? x`. A branch that repeats the condition (`a ? a : "n/a"`, `a ?: "n/a"`), or
 * calls a built-in on it (`a ? $trim(a)`), takes the condition's value instead of evaluating it
 * again, and literal branches are constants: all give what jsonata's second evaluation gives.
 */
function condition(tree: Extract<NativeTree, { kind: 'condition' }>): Evaluator {
  const test = compileNode(tree.condition);
  const otherwiseTree = tree.else;
  const otherwise = otherwiseTree === undefined ? () => undefined : compileNode(otherwiseTree);
  const fallback =
    otherwiseTree === undefined ? undefined : otherwiseTree.kind === 'literal' ? otherwiseTree : undefined;
  if (sameTree(tree.condition, tree.then)) {
    if (fallback) {
      const value = fallback.value;
      return (input) => {
        const tested = test(input);
        return holds(tested) ? tested : value;
      };
    }
    return (input) => {
      const tested = test(input);
      return holds(tested) ? tested : otherwise(input);
    };
  }
  if (tree.then.kind === 'call' && sameTree(tree.condition, tree.then.argument)) {
    const apply = APPLY[tree.then.name];
    return (input) => {
      const tested = test(input);
      return holds(tested) ? apply(tested) : otherwise(input);
    };
  }
  const then = compileNode(tree.then);
  if (tree.then.kind === 'literal' && (otherwiseTree === undefined || fallback)) {
    const yes = tree.then.value;
    const no = fallback?.value;
    return (input) => (holds(test(input)) ? yes : no);
  }
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
