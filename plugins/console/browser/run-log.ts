import type { RunLogLine } from './api-types.js';
import { el } from './el.js';
import { localTime } from './local-time.js';

/** A run's own log lines (`GET /api/runs/:runId/log`) as a table: local time, level, message. */
export function runLogTable(lines: readonly RunLogLine[]): HTMLElement {
  if (!lines.length) return el('p', { id: 'no-log', class: 'muted', text: 'No log lines for this run.' });
  return el('table', { id: 'run-log' }, [
    el('thead', {}, [
      el('tr', {}, [el('th', { text: 'Time' }), el('th', { text: 'Level' }), el('th', { text: 'Message' })]),
    ]),
    el(
      'tbody',
      {},
      lines.map((line) =>
        el('tr', { class: line.level === 'error' ? 'failure' : '', 'data-level': line.level }, [
          el('td', {}, [localTime(line.time)]),
          el('td', { text: line.level }),
          el('td', { text: line.message }),
        ]),
      ),
    ),
  ]);
}
