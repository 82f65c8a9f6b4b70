import { AuthenticationError, isTributaryError } from 'tributary-kit';

export const SESSION_EXPIRED =
  'Salesforce session expired (INVALID_SESSION_ID): re-authenticated and restarted the query';
const LOCATOR_INVALID = 'Salesforce query locator became invalid (INVALID_QUERY_LOCATOR): restarted the query';

const REASONS: Readonly<Record<string, string>> = {
  SF_INVALID_SESSION_ID: SESSION_EXPIRED,
  SF_INVALID_QUERY_LOCATOR: LOCATOR_INVALID,
};

/**
 * Decides whether a failed query may start over: once after an expired session, once after an
 * invalid query locator. Anything else, or the same failure a second time, is thrown.
 */
export class RestartPolicy {
  readonly #used = new Set<string>();

  /** The reason to restart after `error`; throws when the query must fail instead. */
  reasonToRestart(error: unknown): string {
    const reason = isTributaryError(error) ? REASONS[error.code] : undefined;
    if (reason === undefined) throw error;
    if (!this.#used.has(reason)) {
      this.#used.add(reason);
      return reason;
    }
    if (reason !== SESSION_EXPIRED || !isTributaryError(error)) throw error;
    throw new AuthenticationError(
      error.code,
      `Salesforce rejected the session again right after re-authenticating: ${error.message}`,
      {
        cause: error,
        details: error.details,
      },
    );
  }
}
