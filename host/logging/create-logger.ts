import type { Logger, Redactor } from '../../core/index.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/** A logger writing `level: message` lines to a stream, every line redacted of secrets. */
export function createLogger(write: (line: string) => void, redactor: Redactor, level: LogLevel = 'info'): Logger {
  const at = (l: Exclude<LogLevel, 'silent'>) => (message: string) => {
    if (ORDER[l] >= ORDER[level]) write(`${l === 'info' ? '' : `${l}: `}${redactor.redact(message)}\n`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
