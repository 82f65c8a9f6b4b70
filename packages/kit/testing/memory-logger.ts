import type { Logger } from '../core/index.js';

export interface MemoryLogger extends Logger {
  /** Every line logged, as `level: message`. */
  readonly lines: string[];
}

/** A logger that keeps what it is told, for assertions (`expect(logger.lines).to.include(…)`). */
export function memoryLogger(): MemoryLogger {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
