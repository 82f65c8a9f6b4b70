import { TextDecoder } from 'node:util';

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;
const UTF8 = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

/**
 * A body as text, in the `charset` its `content-type` names (`text/csv; charset=ISO-8859-1`). UTF-8
 * when it names none, names UTF-8, or names one this Node.js does not know.
 */
export function decodeBody(body: Buffer, contentType: string | undefined): string {
  const charset = contentType === undefined ? undefined : CHARSET.exec(contentType)?.[1]?.toLowerCase();
  if (charset === undefined || UTF8.has(charset)) return body.toString('utf8');
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    return body.toString('utf8');
  }
  return decoder.decode(body);
}
