import type { Logger, RunLogLine } from '../../core/index.js';

/** Lines a run keeps of its own log (the rest still reaches the host's log). */
export const MAX_RUN_LOG_LINES = 1_000;

/** The run's logger, which also keeps each line it writes until the run's watch stores them. */
export interface RunLogBook {
  readonly logger: Logger;
  /** Adds a line of the run's own (its start, its end) without writing it to the host's log. */
  note(level: RunLogLine['level'], message: string): void;
  /** The lines kept since the last call. */
  take(): RunLogLine[];
}

/**
 * Tees a run's logger: every line goes to the host's logger as before, and the first
 * {@link MAX_RUN_LOG_LINES} are kept (redacted) for the run's page; debug lines are not kept. The
 * logger's lines leave room for the run's own end line, so that the run's page always shows how it ended.
 */
export function runLogBook(logger: Logger, redact: (text: string) => string): RunLogBook {
  let pending: RunLogLine[] = [];
  let kept = 0;
  const keep = (level: RunLogLine['level'], message: string, room = 1): void => {
    const last = MAX_RUN_LOG_LINES - room;
    if (kept >= last) return;
    kept++;
    const text = room > 0 && kept === last ? `${message} (the run's later lines are in the host's log only)` : message;
    pending.push({ time: new Date(), level, message: redact(text) });
  };
  return {
    logger: {
      debug: (message) => logger.debug(message),
      info: (message) => (logger.info(message), keep('info', message)),
      warn: (message) => (logger.warn(message), keep('warn', message)),
      error: (message) => (logger.error(message), keep('error', message)),
    },
    note: (level, message) => keep(level, message, 0),
    take() {
      const lines = pending;
      pending = [];
      return lines;
    },
  };
}
