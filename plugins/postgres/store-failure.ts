import { FatalError } from 'tributary-kit';
import { connectionMessage, isConnectionLoss } from './cluster-unreachable-error.js';

/**
 * A store's statement failed: `sentence` says what could not be done (`Could not commit to the
 * PostgreSQL user store`), followed by why, a lost connection said as such.
 */
export function storeFailure(code: string, sentence: string, error: Error): FatalError {
  const why = isConnectionLoss(error)
    ? `the connection to the database was lost (${connectionMessage(error)})`
    : error.message;
  return new FatalError(code, `${sentence}: ${why}`, { cause: error });
}
