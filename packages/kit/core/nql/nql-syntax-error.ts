import { TributaryError } from '../errors/tributary-error.js';

/**
 * A query that cannot be run: points at the offending token (`token`, as written, `''` at the end of
 * the query) and its 1-based `column`. The `logs` command prints the message and exits 2.
 */
export class NqlSyntaxError extends TributaryError {
  readonly token: string;
  readonly column: number;

  constructor(message: string, token: string, column: number) {
    super('NQL_SYNTAX', 'config', message, { details: { token, column } });
    this.token = token;
    this.column = column;
  }
}

/** `Unexpected token "whre" at column 36: expected where, list, sort, limit or summarize`. */
export function unexpected(token: { text: string; column: number; kind: string }, expected: string): NqlSyntaxError {
  const what = token.kind === 'end' ? 'Unexpected end of query' : `Unexpected token ${JSON.stringify(token.text)}`;
  return new NqlSyntaxError(`${what} at column ${token.column}: expected ${expected}`, token.text, token.column);
}

/** `a, b or c`. */
export function oneOf(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
