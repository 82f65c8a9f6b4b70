/**
 * Why `sync: { mode: incremental }` needs each of these parameters: refused offline by `validate`, and
 * by a read that finds them missing all the same.
 */
export const INCREMENTAL_NEEDS = Object.freeze({
  changes:
    'give the query parameter the API filters changed records on (sinceParam) and where a record says when it changed (changedAtPath)',
  totalPath: 'without the number of records the endpoint holds, a change read cannot be proven to have missed none',
});

/** The problem of an incremental connector without parameter `name`. */
export function neededForIncremental(name: keyof typeof INCREMENTAL_NEEDS): string {
  return `is required for sync mode incremental: ${INCREMENTAL_NEEDS[name]}`;
}
