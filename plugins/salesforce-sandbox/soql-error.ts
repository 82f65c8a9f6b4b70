/**
 * Errors of the query endpoint in Salesforce's wire form: an HTTP status and a list of
 * `{message, errorCode}`. SOQL problems point at the offending spot the way Salesforce does:
 * the query line, a caret under it, then `ERROR at Row:r:Column:c` and the explanation.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** An ApiError (400) about SOQL text at character `offset` of `soql`. */
export function soqlError(errorCode: string, soql: string, offset: number, explanation: string): ApiError {
  const before = soql.slice(0, offset).split('\n');
  const row = before.length;
  const column = (before[before.length - 1] as string).length + 1;
  const line = soql.split('\n')[row - 1] ?? '';
  const caret = `${' '.repeat(column - 1)}^`;
  return new ApiError(400, errorCode, `\n${line}\n${caret}\nERROR at Row:${row}:Column:${column}\n${explanation}`);
}

/** `unexpected token: 'X'` (Salesforce's MALFORMED_QUERY wording). */
export function unexpectedToken(soql: string, offset: number, text: string): ApiError {
  return soqlError('MALFORMED_QUERY', soql, offset, `unexpected token: '${text}'`);
}
