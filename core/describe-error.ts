import { ConfigProblemsError } from './errors/config-problem.js';
import { isTributaryError } from './errors/tributary-error.js';

/** The message of anything thrown: an Error's own message, anything else as a string. */
export function messageOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
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
