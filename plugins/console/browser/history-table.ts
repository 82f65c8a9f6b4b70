import type { Entry } from './api-types.js';
import { badge } from './badge.js';
import { runHref } from './change-table.js';
import { el } from './el.js';
import { count, seconds } from './format.js';
import { localTime } from './local-time.js';

const COLUMNS: ReadonlyArray<readonly [field: string, heading: string]> = [
  ['time', 'Time'],
  ['status', 'Status'],
  ['details.number_of_received_rows', 'Received'],
  ['details.number_of_processed_rows', 'Processed'],
  ['details.number_of_imported_rows', 'Imported'],
  ['details.api_calls', 'API calls'],
  ['details.duration_ms', 'Duration'],
  ['details.description', 'Description'],
];

function cell(base: string, entry: Entry, field: string): HTMLTableCellElement {
  const v = entry[field];
  const runId = entry['details.run_id'];
  if (field === 'status') return el('td', {}, [badge(v)]);
  if (field === 'time' && typeof runId === 'string')
    return el('td', {}, [el('a', { href: runHref(base, runId), title: "this run's changes" }, [localTime(v)])]);
  if (field === 'time') return el('td', {}, [localTime(v)]);
  if (field === 'details.duration_ms') return el('td', { class: 'num', text: seconds(v) });
  return el('td', {
    class: typeof v === 'number' ? 'num' : '',
    text: typeof v === 'number' ? count(v) : String(v || ''),
  });
}

/**
 * A connector's run history: one row per run, failures marked, with each run's description; a run's
 * time links to its diff (the run page under `base`).
 */
export function historyTable(base: string, entries: readonly Entry[]): HTMLTableElement {
  return el('table', { id: 'history' }, [
    el('thead', {}, [
      el(
        'tr',
        {},
        COLUMNS.map(([, heading]) => el('th', { text: heading })),
      ),
    ]),
    el(
      'tbody',
      {},
      entries.map((e) =>
        el(
          'tr',
          { class: e['status'] === 'failure' ? 'failure' : '', 'data-run-id': e['details.run_id'] },
          COLUMNS.map(([field]) => cell(base, e, field)),
        ),
      ),
    ),
  ]);
}
