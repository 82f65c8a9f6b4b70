import { ConfigProblemsError } from './errors/config-problem.js';
import { isTributaryError } from './errors/tributary-error.js';

/**
 * The message of anything thrown: an Error's own message, the `message` of an object that carries one
 * (jsonata throws plain objects), anything else as a string.
 */
export function messageOf(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  return String((thrown as { message?: unknown } | null | undefined)?.message ?? thrown);
}

/**
 * The sentence an error leaves in the execution log, a check report or a log line: a Tributary
 * error's own message (every problem of a ConfigProblemsError), anything else as
 * `Unexpected error: …`. Never a stack; secrets are the caller's to redact.
 */
export function describeError(error: unknown): string {
  if (error instanceof ConfigProblemsError) return error.problems.map((p) => p.message).join('; ');
  if (isTributaryError(error)) return error.message;
  return `Unexpected error: ${messageOf(error)}`;
}
