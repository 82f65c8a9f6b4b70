/**
 * A position in a tokenized SOQL query, with the checks a recursive-descent parser asks of it. A token
 * that does not fit is MALFORMED_QUERY, with Salesforce's `unexpected token: 'X'` wording and position.
 */
import { unexpectedToken } from './soql-error.js';
import { tokenize, type Token } from './soql-lexer.js';

export interface Located {
  readonly text: string;
  readonly offset: number;
}

const RESERVED = new Set([
  'select',
  'from',
  'where',
  'and',
  'or',
  'not',
  'in',
  'like',
  'order',
  'by',
  'limit',
  'asc',
  'desc',
  'nulls',
  'first',
  'last',
  'true',
  'false',
  'null',
]);

export class TokenCursor {
  readonly soql: string;
  readonly #tokens: readonly Token[];
  #at = 0;

  constructor(soql: string) {
    this.soql = soql;
    this.#tokens = tokenize(soql);
  }

  /** The current token, or the one `ahead` after it (the lexer always ends with `eof`, which stays last). */
  peek(ahead = 0): Token {
    return this.#tokens[Math.min(this.#at + ahead, this.#tokens.length - 1)] as Token;
  }

  /** The current token, and moves past it. */
  next(): Token {
    const token = this.peek();
    this.#at++;
    return token;
  }

  fail(token: Token = this.peek()): never {
    throw unexpectedToken(this.soql, token.offset, token.text);
  }

  isKeyword(word: string, token: Token = this.peek()): boolean {
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }

  acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.#at++;
    return true;
  }

  expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) this.fail();
  }

  acceptPunct(p: string): boolean {
    const token = this.peek();
    if (token.kind !== 'punct' || token.text !== p) return false;
    this.#at++;
    return true;
  }

  expectPunct(p: string): void {
    if (!this.acceptPunct(p)) this.fail();
  }

  /** A field, relationship path or object name: a word that is no keyword. */
  name(): Located {
    const token = this.peek();
    if (token.kind !== 'word' || RESERVED.has(token.text.toLowerCase())) this.fail();
    this.#at++;
    return { text: token.text, offset: token.offset };
  }

  /** One item, then one more after each comma. */
  list<T>(item: () => T): T[] {
    const items = [item()];
    while (this.acceptPunct(',')) items.push(item());
    return items;
  }
}
