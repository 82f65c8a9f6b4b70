import type { FieldRef } from './nql-ast.js';
import { oneOf, unexpected, NqlSyntaxError } from './nql-syntax-error.js';
import type { Token } from './tokenize.js';

/** The parser's position in the token list, with the checks every rule needs. */
export class TokenCursor {
  #index = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  peek(): Token {
    return this.tokens[this.#index]!;
  }

  next(): Token {
    const token = this.tokens[this.#index]!;
    if (token.kind !== 'end') this.#index++;
    return token;
  }

  /** True (and consumed) when the next token is the keyword `word` (any case). */
  acceptWord(word: string): boolean {
    const token = this.peek();
    if (token.kind !== 'word' || token.value !== word) return false;
    this.next();
    return true;
  }

  /** True (and consumed) when the next token is the punctuation `p`. */
  acceptPunct(p: string): boolean {
    const token = this.peek();
    if (token.kind !== 'punct' || token.value !== p) return false;
    this.next();
    return true;
  }

  /** Consumes one of `words` and returns it; otherwise a positioned error listing them. */
  expectWord(...words: string[]): string {
    const token = this.peek();
    if (token.kind === 'word' && words.includes(token.value)) return this.next().value;
    throw unexpected(token, oneOf(words));
  }

  expectPunct(p: string): void {
    if (!this.acceptPunct(p)) throw unexpected(this.peek(), `"${p}"`);
  }

  /** A field name that exists at this point of the pipeline. */
  expectField(scope: ReadonlyMap<string, FieldRef>): FieldRef {
    const token = this.peek();
    if (token.kind !== 'word') throw unexpected(token, 'a field name');
    const field = scope.get(token.value);
    if (!field) {
      throw new NqlSyntaxError(
        `Unknown field ${JSON.stringify(token.text)} at column ${token.column}: expected one of ${[...scope.keys()].join(', ')}`,
        token.text,
        token.column,
      );
    }
    this.next();
    return field;
  }

  /** `item (, item)*`. */
  list<T>(item: () => T): T[] {
    const items = [item()];
    while (this.acceptPunct(',')) items.push(item());
    return items;
  }
}
