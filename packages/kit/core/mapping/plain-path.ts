import type jsonata from 'jsonata';

/**
 * Recognises the ASTs jsonata builds for plain paths (`Email`, `Manager.Name`, `` `Cost Center` ``,
 * `` Manager.`Full Name` ``) and returns their property names, or `undefined` for anything else.
 *
 * The check runs on jsonata's own parse result, so tokenizing (backticks, quoted step names,
 * comments, whitespace, reserved words) is jsonata's and cannot drift from it. It is a whitelist:
 * a node carrying any property beyond the ones listed (a predicate, a stage, a group, a focus or
 * index binding, `keepArray`, a parent reference…) makes jsonata evaluate differently, so it is
 * rejected and the expression falls back to jsonata.
 */
const PATH_KEYS: ReadonlySet<PropertyKey> = new Set(['type', 'steps']);
const NAME_KEYS: ReadonlySet<PropertyKey> = new Set(['type', 'value', 'position']);

function hasOnlyKeys(node: object, allowed: ReadonlySet<PropertyKey>): boolean {
  return Reflect.ownKeys(node).every((key) => allowed.has(key));
}

export function plainPathOf(ast: jsonata.ExprNode): readonly string[] | undefined {
  // jsonata.d.ts omits 'path' from the node types, though the parser produces it.
  if ((ast.type as string) !== 'path' || !hasOnlyKeys(ast, PATH_KEYS)) return undefined;
  const steps = ast.steps;
  if (!Array.isArray(steps) || steps.length === 0) return undefined;
  const names: string[] = [];
  for (const step of steps) {
    if (step.type !== 'name' || typeof step.value !== 'string' || !hasOnlyKeys(step, NAME_KEYS)) return undefined;
    names.push(step.value);
  }
  return names;
}
