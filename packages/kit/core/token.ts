/**
 * A typed service token. Tokens are plain strings with readable dotted ids (`core.sink-type`), so that
 * an error can name the missing contract, and so that two copies of this package (a plugin that ships
 * its own) still agree on the identity of a token.
 */
export type Token<T> = string & { readonly __tokenType?: (value: T) => void };

export function createToken<T>(id: string): Token<T> {
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/.test(id)) {
    throw new TypeError(`Token id "${id}" must be dotted lower-case words, e.g. "core.sink-type"`);
  }
  return id as Token<T>;
}
