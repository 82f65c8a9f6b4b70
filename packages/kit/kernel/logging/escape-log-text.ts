import { escapeCharacters } from '../../core/index.js';

/**
 * What would break a text log line or act on the terminal showing it: every C0 control character
 * but the tab (line feed and carriage return first), DEL, C1, and the Unicode line and paragraph
 * separators.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;
const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r' };

/**
 * A message as one text log line: a line feed shows as `\n`, a carriage return as `\r`, any other
 * control character as its `\u001b`-style escape. A message carries data (a source's error, a field
 * value, a user name in a sink's answer), and data must not forge log lines of its own.
 */
export function escapeLogText(text: string): string {
  return escapeCharacters(text, CONTROL, SHORT);
}
