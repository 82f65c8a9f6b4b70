import { NqlSyntaxError } from './nql-syntax-error.js';

type TokenKind =
  | 'word' // keywords, field names (dotted), enumeration values: `where`, `details.name`, `failure`
  | 'string' // "…" or '…' with \\ escapes; `value` is the unescaped text
  | 'number' // 42, 1.5, -3
  | 'duration' // 7d, 24h, 30min: a number glued to a unit
  | 'op' // == = != < > <= >= !in
  | 'punct' // | [ ] ( ) ,
  | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** As written in the query. */
  readonly text: string;
  /** The string's unescaped value, the number's text, the word lower-cased. */
  readonly value: string;
  /** 1-based column of the first character. */
  readonly column: number;
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const NUMBER = /-?\d+(?:\.\d+)?/y;
const UNIT = /[A-Za-z]+/y;
const OPERATORS = ['==', '!=', '<=', '>=', '!in', '=', '<', '>'];
const PUNCTUATION = '|[](),';

/** Splits a query into tokens, ending with one `end` token. Rejects characters NQL does not use. */
export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    return re.exec(query)?.[0];
  };
  while (i < query.length) {
    const c = query[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const column = i + 1;
    let token: Token;
    const number = match(NUMBER);
    const word = number ? undefined : match(WORD);
    if (number) {
      UNIT.lastIndex = i + number.length;
      const unit = UNIT.exec(query)?.[0];
      const text = number + (unit ?? '');
      token = { kind: unit ? 'duration' : 'number', text, value: text.toLowerCase(), column };
    } else if (word) {
      token = { kind: 'word', text: word, value: word.toLowerCase(), column };
    } else if (c === '"' || c === "'") {
      token = readString(query, i);
    } else if (PUNCTUATION.includes(c)) {
      token = { kind: 'punct', text: c, value: c, column };
    } else {
      const op = OPERATORS.find(
        (o) => query.startsWith(o, i) && !(o === '!in' && /[A-Za-z0-9_]/.test(query[i + 3] ?? '')),
      );
      if (!op) throw new NqlSyntaxError(`Unexpected character ${JSON.stringify(c)} at column ${column}`, c, column);
      token = { kind: 'op', text: op, value: op, column };
    }
    tokens.push(token);
    i += token.text.length;
  }
  tokens.push({ kind: 'end', text: '', value: '', column: query.length + 1 });
  return tokens;
}

function readString(query: string, start: number): Token {
  const quote = query[start]!;
  let value = '';
  for (let i = start + 1; i < query.length; i++) {
    const c = query[i]!;
    if (c === quote) return { kind: 'string', text: query.slice(start, i + 1), value, column: start + 1 };
    if (c === '\\' && i + 1 < query.length) {
      value += query[++i];
    } else {
      value += c;
    }
  }
  const text = query.slice(start);
  throw new NqlSyntaxError(`Unterminated string starting at column ${start + 1}`, text, start + 1);
}
