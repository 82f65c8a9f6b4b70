import { parseJsonBody } from 'tributary-kit';

/** What an error answer says: Salesforce's `[{"message","errorCode"}]`, an OAuth error, or an HTML page. */
export interface ErrorBody {
  readonly errorCode?: string;
  readonly message: string;
}

const EXCERPT_LENGTH = 160;

export function readErrorBody(body: string): ErrorBody {
  const json = parseJsonBody(body);
  const first = Array.isArray(json) ? (json[0] as unknown) : json;
  if (first !== null && typeof first === 'object') {
    const entry = first as Record<string, unknown>;
    const errorCode = text(entry['errorCode']) ?? text(entry['error']);
    const message = text(entry['message']) ?? text(entry['error_description']) ?? '';
    if (errorCode !== undefined || message !== '') return { errorCode, message: cleanSoqlMessage(message) };
  }
  return { message: excerpt(body) };
}

/** `\nSELECT … FORM User\n ^\nERROR at Row:1:Column:24\nunexpected token: 'FORM'` → `unexpected token 'FORM' at column 24`. */
export function cleanSoqlMessage(message: string): string {
  const located = /ERROR at Row:(\d+):Column:(\d+)\s*([\s\S]*)$/.exec(message);
  if (!located) return oneLine(message);
  const [, row, column, what] = located;
  const where = row === '1' ? `at column ${column}` : `at row ${row}, column ${column}`;
  return `${oneLine(what ?? '').replace(/^unexpected token: /, 'unexpected token ')} ${where}`;
}

/** A short plain-text excerpt of a (possibly HTML) body. */
export function excerpt(body: string): string {
  const plain = oneLine(
    body
      .replace(/<(head|script|style)\b[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&'),
  );
  if (plain === '') return 'no explanation in the answer';
  return plain.length > EXCERPT_LENGTH ? `${plain.slice(0, EXCERPT_LENGTH - 1)}…` : plain;
}

function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
