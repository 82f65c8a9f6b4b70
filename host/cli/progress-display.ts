import type { RunProgress } from 'tributary-kit/internal/kernel/run/run-options.js';
import { formatCount, formatDuration } from './format-number.js';
import { escapeControls } from './terminal-text.js';

export interface ProgressDisplay {
  update(progress: RunProgress): void;
  /** Clears the live line (TTY) before the result is printed. */
  done(): void;
}

/** `12,000 / 45,000 rows (26%) · 8,500 rows/s · ETA 4.0 s` — the ETA only when the source announced a total. */
export function progressLine(p: RunProgress): string {
  if (p.phase === 'held')
    return `${p.nqlId}: held before its commit · waiting for tributary runs approve|reject ${p.runId ?? ''}`.trimEnd();
  if (p.phase === 'committing') {
    return `${p.nqlId}: ${formatCount(p.receivedRows)} rows read, ${formatCount(p.processedRows)} processed · committing to the sink…`;
  }
  const rate = p.elapsedMs > 0 ? (p.receivedRows * 1000) / p.elapsedMs : 0;
  const parts = [`${p.nqlId}: ${formatCount(p.receivedRows)}`];
  if (p.expectedRows !== undefined && p.expectedRows > 0) {
    const shown = Math.min(p.receivedRows, p.expectedRows);
    parts[0] += ` / ${formatCount(p.expectedRows)} rows (${Math.floor((shown * 100) / p.expectedRows)}%)`;
  } else {
    parts[0] += ' rows';
  }
  parts.push(`${formatCount(p.processedRows)} processed`, `${formatCount(rate)} rows/s`);
  if (p.expectedRows !== undefined && rate > 0 && p.expectedRows > p.receivedRows) {
    parts.push(`ETA ${formatDuration(((p.expectedRows - p.receivedRows) / rate) * 1000)}`);
  }
  return parts.join(' · ');
}

/**
 * On a terminal, one line redrawn at most every 100 ms; otherwise a plain line at most every
 * `plainEveryMs` (default 5 s), so logs of long runs stay readable.
 */
export function createProgressDisplay(
  write: (text: string) => void,
  tty: boolean,
  now: () => number = Date.now,
  plainEveryMs = 5000,
): ProgressDisplay {
  let last = -Infinity;
  let drawn = false;
  return {
    update(progress) {
      const t = now();
      // Reading progress is throttled; the switch to committing or held is always shown (it may take a while).
      if (progress.phase === undefined && t - last < (tty ? 100 : plainEveryMs)) return;
      last = t;
      if (tty) {
        write(`\r\x1b[K${escapeControls(progressLine(progress))}`);
        drawn = true;
      } else {
        write(`${progressLine(progress)}\n`);
      }
    },
    done() {
      if (drawn) write('\r\x1b[K');
      drawn = false;
    },
  };
}
