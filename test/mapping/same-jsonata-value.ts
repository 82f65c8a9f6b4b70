/**
 * Strict structural equality for jsonata results: same types, same `undefined`s, same own keys,
 * and arrays must agree on being a jsonata sequence (`sequence: true`) or a plain input array.
 * Returns '' when equal, otherwise where they differ.
 */
export function differenceBetween(actual: unknown, expected: unknown, at = '$'): string {
  if (Object.is(actual, expected)) return '';
  if (typeof actual !== typeof expected || actual === null || expected === null || typeof actual !== 'object') {
    return `${at}: ${show(actual)} !== ${show(expected)}`;
  }
  if (Array.isArray(actual) !== Array.isArray(expected)) return `${at}: array vs non-array`;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (isSequence(actual) !== isSequence(expected))
      return `${at}: sequence flag ${isSequence(actual)} vs ${isSequence(expected)}`;
    if (actual.length !== expected.length) return `${at}: length ${actual.length} vs ${expected.length}`;
    for (let i = 0; i < actual.length; i++) {
      const d = differenceBetween(actual[i], expected[i], `${at}[${i}]`);
      if (d) return d;
    }
    return '';
  }
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(e).length) return `${at}: keys ${keys.join(',')} vs ${Object.keys(e).join(',')}`;
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(e, key)) return `${at}: unexpected key ${key}`;
    const d = differenceBetween(a[key], e[key], `${at}.${key}`);
    if (d) return d;
  }
  return '';
}

function isSequence(value: unknown[]): boolean {
  return (value as { sequence?: unknown }).sequence === true;
}

function show(value: unknown): string {
  return value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
}
