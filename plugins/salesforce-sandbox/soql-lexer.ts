/**
 * Splits SOQL into tokens with their offsets, so that errors can point at a row and column.
 */
import { unexpectedToken } from './soql-error.js';

type TokenKind = 'word' | 'string' | 'number' | 'datetime' | 'op' | 'punct' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The token as written (for strings: the unescaped value). */
  readonly text: string;
  readonly offset: number;
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const DATETIME = /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2}))?/y;
const NUMBER = /-?\d+(?:\.\d+)?/y;
const OPERATOR = /!=|<>|<=|>=|=|<|>/y;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' };

function stickyMatch(re: RegExp, soql: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(soql)?.[0];
}

function readString(soql: string, start: number): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < soql.length; i++) {
    const c = soql[i] as string;
    if (c === "'") return { value, end: i + 1 };
    if (c === '\\') {
      const escaped = ESCAPES[soql[i + 1] ?? ''];
      if (escaped === undefined) throw unexpectedToken(soql, i, soql.slice(i, i + 2));
      value += escaped;
      i++;
    } else {
      value += c;
    }
  }
  throw unexpectedToken(soql, start, soql.slice(start));
}

export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < soql.length) {
    const c = soql[at] as string;
    if (/\s/.test(c)) {
      at++;
      continue;
    }
    if (c === "'") {
      const { value, end } = readString(soql, at);
      tokens.push({ kind: 'string', text: value, offset: at });
      at = end;
      continue;
    }
    if (c === ',' || c === '(' || c === ')') {
      tokens.push({ kind: 'punct', text: c, offset: at });
      at++;
      continue;
    }
    const matched: [TokenKind, string | undefined][] = [
      ['datetime', stickyMatch(DATETIME, soql, at)],
      ['number', stickyMatch(NUMBER, soql, at)],
      ['word', stickyMatch(WORD, soql, at)],
      ['op', stickyMatch(OPERATOR, soql, at)],
    ];
    const found = matched.find(([, text]) => text !== undefined);
    if (!found) throw unexpectedToken(soql, at, c);
    const [kind, text] = found as [TokenKind, string];
    tokens.push({ kind, text, offset: at });
    at += text.length;
  }
  tokens.push({ kind: 'eof', text: '<EOF>', offset: soql.length });
  return tokens;
}
