import { FatalError } from '../errors/error-classes.js';

/** What a committed or aborted {@link LedgerStage} throws when called again. */
export function ledgerStageFinished(): FatalError {
  return new FatalError('LEDGER_STAGE_FINISHED', 'This ledger stage was already committed or aborted');
}
