import type { Logger } from './logger.js';
import type { RunInfo } from './run.js';
import { createToken } from './token.js';

/**
 * The run a per-run scope belongs to. The host opens one child container per run and binds this in it,
 * so a contribution bound with `toDynamicValue` in transient scope can ask for the run it serves.
 */
export interface RunContext {
  readonly run: RunInfo;
  /** Aborted when the run is cancelled (shutdown, Ctrl-C) or fails. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
}

/** @deprecated Plugin API 1 token; API 2 plugins use `RunContextService`. */
export const RunContextToken = createToken<RunContext>('core.run-context');
