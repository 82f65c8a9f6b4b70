import { isJsonataFunction, type Sequence } from './jsonata-sequence.js';

/**
 * Line-by-line ports of the casts jsonata 2 applies in the native tree's shapes: `fn.string` (what `&`
 * does to each operand), `fn.boolean` (how `? :`, `and` and `or` read a condition) and `isNumeric`,
 * with the errors they throw. See node_modules/jsonata/jsonata.js; the native-tree property tests and
 * the differential run over the JSONata test suite hold them to jsonata's results.
 */

/** The message templates of the jsonata errors the native tree can raise (jsonata's `errorCodes`). */
const TEMPLATES: Readonly<Record<string, string>> = {
  T0410: 'Argument {{index}} of function {{token}} does not match function signature',
  D1001: 'Number out of range: {{value}}',
  D3001: 'Attempting to invoke string function on Infinity or NaN',
};

/**
 * An error as jsonata throws it: a plain object with a `code` and the fields its message names. The
 * message is formed when read, as jsonata forms it once the evaluation has failed (an enclosing
 * `and`/`or` replaces the `token` first).
 */
export class JsonataError {
  token: string | undefined;
  readonly index: number | undefined;
  constructor(
    readonly code: string,
    readonly value: unknown,
    fields: { readonly token?: string; readonly index?: number } = {},
  ) {
    this.token = fields.token;
    this.index = fields.index;
  }

  get message(): string {
    const fields: Record<string, unknown> = { value: this.value, token: this.token, index: this.index };
    return TEMPLATES[this.code]!.replace(/\{\{([^}]+)}}/g, (_, name: string) => JSON.stringify(fields[name]) as string);
  }
}

/**
 * The type letter jsonata's signature check reads a value as (`getSymbol`): `m` for missing covers
 * `undefined`, and any other type JSON does not have (bigint, symbol).
 */
export function signatureSymbol(value: unknown): string {
  if (isJsonataFunction(value)) return 'f';
  switch (typeof value) {
    case 'string':
      return 's';
    case 'number':
      return 'n';
    case 'boolean':
      return 'b';
    case 'object':
      return value === null ? 'l' : Array.isArray(value) ? 'a' : 'o';
    default:
      return 'm';
  }
}

/**
 * jsonata's `getFunctionArity`, which it runs on every function passed as an argument (to wrap it):
 * on an object of a record marked as a jsonata function, it can throw a TypeError.
 */
export function functionArity(func: unknown): number {
  const f = func as { arity?: unknown; implementation?: unknown; length?: unknown; arguments: { length: number } };
  if (typeof f.arity === 'number') return f.arity;
  if (typeof f.implementation === 'function') return f.implementation.length;
  if (typeof f.length === 'number') return f.length;
  return f.arguments.length;
}

/** jsonata's `isNumeric`: a number that is not NaN; an infinite one is an error (D1001). */
function isNumeric(n: unknown): n is number {
  if (typeof n !== 'number' || Number.isNaN(n)) return false;
  if (!Number.isFinite(n)) throw new JsonataError('D1001', n);
  return true;
}

function stringifyReplacer(_key: string, val: unknown): unknown {
  if (val !== undefined && val !== null && isNumeric(val)) {
    return !Number.isInteger(val) ? Number(val.toPrecision(15)) : val;
  }
  return val && isJsonataFunction(val) ? '' : val;
}

/** jsonata's `fn.string` (without prettifying). `undefined` stays `undefined`. */
export function castToString(arg: unknown): string | undefined {
  if (arg === undefined) return undefined;
  if (typeof arg === 'string') return arg;
  if (isJsonataFunction(arg)) return '';
  if (typeof arg === 'number' && !Number.isFinite(arg)) throw new JsonataError('D3001', arg);
  const value = Array.isArray(arg) && (arg as Sequence).outerWrapper ? arg[0] : arg;
  return JSON.stringify(value, stringifyReplacer) as string | undefined;
}

/** jsonata's `fn.boolean`: the effective boolean value, `undefined` for `undefined` (and `[undefined]`). */
export function castToBoolean(arg: unknown): boolean | undefined {
  if (arg === undefined) return undefined;
  let result: boolean | undefined = false;
  if (Array.isArray(arg)) {
    if (arg.length === 1) result = castToBoolean(arg[0]);
    else if (arg.length > 1) result = arg.filter((item) => castToBoolean(item)).length > 0;
  } else if (typeof arg === 'string') {
    result = arg.length > 0;
  } else if (isNumeric(arg)) {
    result = arg !== 0;
  } else if (arg !== null && typeof arg === 'object' && !isJsonataFunction(arg)) {
    result = Object.keys(arg).length > 0;
  } else if (arg === true) {
    result = true;
  }
  return result;
}

/*
 * The string built-ins, as jsonata runs them once its signature check let the argument through: a
 * string, or a value its check reads as missing (`undefined`, and also a bigint or a symbol, on which
 * the method call throws jsonata's TypeError: hence the parameter's name, `str`, as in jsonata).
 */

/** jsonata's `lowercase`. */
export function lowercaseLikeJsonata(str: unknown): string | undefined {
  if (typeof str === 'undefined') return undefined;
  return (str as string).toLowerCase();
}

/** jsonata's `uppercase`. */
export function uppercaseLikeJsonata(str: unknown): string | undefined {
  if (typeof str === 'undefined') return undefined;
  return (str as string).toUpperCase();
}

/** jsonata's `trim`: runs of space, tab, newline and carriage return become one space, then one is cut at each end. */
export function trimLikeJsonata(str: unknown): string | undefined {
  if (typeof str === 'undefined') return undefined;
  let result = (str as string).replace(/[ \t\n\r]+/gm, ' ');
  if (result.charAt(0) === ' ') result = result.substring(1);
  if (result.charAt(result.length - 1) === ' ') result = result.substring(0, result.length - 1);
  return result;
}
