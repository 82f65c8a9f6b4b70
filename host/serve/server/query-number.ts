/** A query-string number: undefined when absent or empty (NaN when it is not a number: callers clamp it). */
export function queryNumber(text: string | undefined): number | undefined {
  return text === undefined || text === '' ? undefined : Number(text);
}
