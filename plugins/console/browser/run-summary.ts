import type { Entry, RunChanges } from './api-types.js';
import { badge } from './badge.js';
import type { ConsoleContext } from './console-context.js';
import { countsTable } from './counts-table.js';
import { el } from './el.js';
import { count, seconds } from './format.js';
import { localTime } from './local-time.js';

/** A finished run's counts from its execution-log entry, in the order the table shows them. */
const COUNTS: ReadonlyArray<readonly [field: string, heading: string, name: string]> = [
  ['details.number_of_received_rows', 'Received', 'received'],
  ['details.number_of_processed_rows', 'Processed', 'processed'],
  ['details.number_of_imported_rows', 'Imported', 'imported'],
  ['details.api_calls', 'API calls', 'api-calls'],
  ['details.duration_ms', 'Duration', 'duration'],
  ['details.number_of_leavers', 'Leavers', 'leavers'],
  ['details.number_of_changes', 'Changes', 'changes'],
];

/** The link to a connector's page. */
export function connectorLink(context: ConsoleContext, nqlId: string): HTMLSpanElement {
  return el('span', {}, [
    'Connector ',
    el('a', { href: `${context.base}/connectors/${encodeURIComponent(nqlId)}`, text: nqlId }),
  ]);
}

/** The run's facts: connector, time, status, changes in the ledger. */
function facts(context: ConsoleContext, run: Entry | undefined, changes: RunChanges | undefined): HTMLElement {
  const nqlId = changes?.nqlId ?? (run ? String(run['details.nql_id'] ?? '') : '');
  return el('div', { class: 'facts' }, [
    nqlId && connectorLink(context, nqlId),
    run && el('span', {}, ['Time ', el('b', {}, [localTime(run['time'])])]),
    run && el('span', {}, ['Status ', badge(run['status'])]),
    el('span', {}, ['Changes ', el('b', { id: 'changes-total', text: count(changes?.total ?? 0) })]),
  ]);
}

/**
 * A finished run from its execution-log entry: connector, time, status and changes, its description
 * in full, and its counts (received, processed, imported, API calls, duration, leavers, changes).
 */
export function runSummary(context: ConsoleContext, run: Entry | undefined, changes: RunChanges | undefined): Node[] {
  if (!run)
    return [facts(context, run, changes), el('p', { class: 'muted', text: 'This run is not in the execution log.' })];
  return [
    facts(context, run, changes),
    el('p', { id: 'run-description', text: String(run['details.description'] ?? '') }),
    countsTable(
      'run-counts',
      COUNTS.map(([field, heading, name]) => ({
        heading,
        name,
        text: field === 'details.duration_ms' ? seconds(run[field]) : count(run[field]),
      })),
    ),
  ];
}
