import type { LedgerEntry } from './api-types.js';
import type { ConsoleContext } from './console-context.js';
import { actionLabel, oldToNew } from './change-value.js';
import { el } from './el.js';
import { when } from './format.js';

/** A column of a change table. */
export type ChangeColumn = 'time' | 'connector' | 'user' | 'field' | 'change' | 'action' | 'flip' | 'run';

const HEADINGS: Readonly<Record<ChangeColumn, string>> = {
  time: 'Time',
  connector: 'Connector',
  user: 'User',
  field: 'Field',
  change: 'Old → new',
  action: 'Action',
  flip: 'Flip',
  run: 'Run',
};

/** Where a run's diff is. */
export const runHref = (base: string, runId: string): string => `${base}/runs/${encodeURIComponent(runId)}`;
/** Where a user's changes are. */
export const userHref = (base: string, user: string): string => `${base}/changes?user=${encodeURIComponent(user)}`;

function cell(base: string, e: LedgerEntry, column: ChangeColumn): HTMLTableCellElement {
  switch (column) {
    case 'time':
      return el('td', { text: when(e.time) });
    case 'connector':
      return el('td', {}, [el('a', { href: `${base}/connectors/${encodeURIComponent(e.nqlId)}`, text: e.nqlId })]);
    case 'user':
      return el('td', {}, [el('a', { href: userHref(base, e.identifier), text: e.identifier })]);
    case 'field':
      return el('td', { text: e.field });
    case 'change':
      return el('td', { class: 'change' }, oldToNew(e.oldValue, e.newValue));
    case 'action':
      return el('td', {}, [actionLabel(e.action)]);
    case 'flip':
      return el('td', {}, [
        e.flip && el('span', { class: 'badge flip', title: 'undoes the previous change', text: 'flip' }),
      ]);
    case 'run':
      return el('td', {}, [el('a', { class: 'run-id', href: runHref(base, e.runId), text: e.runId })]);
  }
}

/** Change-ledger entries as a table with `columns`; a flip's row is marked. */
export function changeTable(
  context: ConsoleContext,
  id: string,
  entries: readonly LedgerEntry[],
  columns: readonly ChangeColumn[],
): HTMLTableElement {
  return el('table', { id }, [
    el('thead', {}, [
      el(
        'tr',
        {},
        columns.map((c) => el('th', { text: HEADINGS[c] })),
      ),
    ]),
    el(
      'tbody',
      {},
      entries.map((e) =>
        el(
          'tr',
          { class: e.flip ? 'flip' : '', 'data-user': e.identifier, 'data-field': e.field },
          columns.map((c) => cell(context.base, e, c)),
        ),
      ),
    ),
  ]);
}
