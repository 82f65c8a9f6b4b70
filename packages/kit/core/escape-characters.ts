/**
 * `text` with every character `which` matches (a global regular expression, such as one of control
 * characters) shown as its `\u001b`-style escape, or as `short[c]` where one is given (`\n` for a
 * line feed). The escape reads the same in a log line or on a terminal and is valid inside a JSON string.
 */
export function escapeCharacters(text: string, which: RegExp, short: Readonly<Record<string, string>> = {}): string {
  return text.replace(which, (c) => short[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
