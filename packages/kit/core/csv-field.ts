/** One RFC 4180 field: quoted when it holds `,`, `"`, CR or LF, with `"` doubled; null and undefined are empty. */
export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
