import { createRequire } from 'node:module';
import type * as Pino from 'pino';
import type { Logger, Redactor } from '../../core/index.js';
import { escapeLogText } from './escape-log-text.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFormat = 'text' | 'json';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];
const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

export interface LoggerOptions {
  /** `text` (default): `level: message` lines; `json`: one pino JSON object a line, for log shippers. */
  readonly format?: LogFormat;
  /** Text lines start with the time, ISO 8601 UTC (`serve`: a long-running service). JSON lines always carry it. */
  readonly timestamps?: boolean;
  readonly now?: () => Date;
}

/**
 * A logger writing to a stream, every message redacted of secrets and on one line: `level: message`
 * lines (info without a prefix), control characters of the message escaped (`\n`, `\r`, `\u001b`),
 * or with `format: 'json'` pino's lines `{"level":"warn","time":"…","msg":"…"}`, where JSON escapes them.
 */
export function createLogger(
  write: (line: string) => void,
  redactor: Redactor,
  level: LogLevel = 'info',
  options: LoggerOptions = {},
): Logger {
  const now = options.now ?? (() => new Date());
  if (options.format === 'json') {
    // Loaded only for JSON lines: the text format, every command's default, needs none of its modules.
    const { pino } = createRequire(import.meta.url)('pino') as typeof Pino;
    const json = pino(
      {
        level,
        base: null,
        timestamp: () => `,"time":"${now().toISOString()}"`,
        formatters: { level: (label) => ({ level: label }) },
      },
      { write: (line: string) => write(redactor.redact(line)) },
    );
    return {
      debug: (message) => json.debug(redactor.redact(message)),
      info: (message) => json.info(redactor.redact(message)),
      warn: (message) => json.warn(redactor.redact(message)),
      error: (message) => json.error(redactor.redact(message)),
    };
  }
  const at = (l: Exclude<LogLevel, 'silent'>) => (message: string) => {
    if (ORDER[l] < ORDER[level]) return;
    const time = options.timestamps ? `${now().toISOString()} ` : '';
    write(`${time}${l === 'info' ? '' : `${l}: `}${escapeLogText(redactor.redact(message))}\n`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
