import { escapeCharacters } from 'tributary-kit/internal/core/escape-characters.js';

/**
 * Control characters a terminal would act on: C0 except line feed and tab, a carriage return not
 * ending a CRLF line, DEL and C1. ESC starts colour, cursor and OSC sequences (window title,
 * hyperlinks, clipboard), BEL ends OSC, CSI (U+009B) is ESC [ in one character.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Shows every control character of `text` as a `\u001b`-style escape, so data and error messages
 * from a source (a Salesforce error, a field value) cannot drive the terminal that prints them. The
 * escape is also valid inside a JSON string.
 */
export function escapeControls(text: string): string {
  return escapeCharacters(text, CONTROL);
}
