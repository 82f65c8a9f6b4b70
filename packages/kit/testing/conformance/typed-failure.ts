import assert from 'node:assert/strict';
import { isTributaryError, type ErrorCategory, type TributaryError } from '../../core/index.js';

/** Asserts that `error` is a TributaryError (of one of `categories`, when given) and returns it. */
export function assertTyped(error: unknown, categories?: readonly ErrorCategory[]): TributaryError {
  assert.ok(
    isTributaryError(error),
    `expected a TributaryError, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
  );
  if (categories)
    assert.ok(
      categories.includes(error.category),
      `expected category ${categories.join(' or ')}, got ${error.category} (${error.code}: ${error.message})`,
    );
  return error;
}

/** Awaits `work`, which must reject; returns what it rejected with. */
export async function rejection(work: Promise<unknown>, what: string): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  assert.fail(`${what} did not fail`);
}
