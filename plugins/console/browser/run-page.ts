import type { Entry, RunChanges } from './api-types.js';
import { badge } from './badge.js';
import type { ConsoleContext } from './console-context.js';
import { el } from './el.js';
import { count, when } from './format.js';
import { ledgerListing } from './ledger-listing.js';
import { failed } from './messages.js';
import { api, unlessNotFound } from './request.js';

/** What the run page says when the ledger holds nothing for the run. */
const NO_CHANGES = 'No changes recorded for this run: nothing changed, or the sink does not report changes.';
const COUNTS = ['added', 'changed', 'cleared', 'left', 'flips'] as const;

/** The run's diff in counts: a row per field, by action; a field whose values flip back is flagged. */
function countsTable(changes: RunChanges): HTMLTableElement {
  return el('table', { id: 'change-counts' }, [
    el('thead', {}, [
      el(
        'tr',
        {},
        ['Field', 'Added', 'Changed', 'Cleared', 'Left', 'Flips'].map((h) => el('th', { text: h })),
      ),
    ]),
    el(
      'tbody',
      {},
      changes.fields.map((f) =>
        el('tr', { class: f.flips > 0 ? 'flipping' : '', 'data-field': f.field }, [
          el('td', {}, [
            f.field,
            f.flips > 0 &&
              el('span', {
                class: 'badge flip',
                title: 'some of its values undo their previous change: they flip back and forth across runs',
                text: 'flipping',
              }),
          ]),
          ...COUNTS.map((c) => el('td', { class: 'num', text: count(f[c]) })),
        ]),
      ),
    ),
  ]);
}

/** The sample of the run's changes: searchable by user and field, a page at a time. */
function sample(context: ConsoleContext, changes: RunChanges): HTMLElement {
  const listing = ledgerListing(context, { table: 'changes', count: 'changes-count' }, [
    'user',
    'field',
    'change',
    'action',
    'flip',
  ]);
  const user = el('input', { id: 'change-user', type: 'search', placeholder: 'user (UPN or email)', size: 32 });
  const field = el('select', { id: 'change-field' }, [
    el('option', { value: '', text: 'every field' }),
    ...changes.fields.map((f) => el('option', { value: f.field, text: f.field })),
  ]);
  const search = (): void => listing.show({ run: changes.runId, user: user.value.trim(), field: field.value });
  const form = el('form', { class: 'toolbar', id: 'change-search' }, [
    user,
    field,
    el('button', { type: 'submit', text: 'Search' }),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    search();
  });
  field.addEventListener('change', search);
  search();
  return el('div', {}, [form, listing.box]);
}

/** The run's facts from the execution log: connector, time, status, changes. */
function facts(context: ConsoleContext, run: Entry | undefined, changes: RunChanges | undefined): HTMLElement {
  const nqlId = changes?.nqlId ?? (run ? String(run['details.nql_id'] ?? '') : '');
  return el('div', { class: 'facts' }, [
    nqlId &&
      el('span', {}, [
        'Connector ',
        el('a', { href: `${context.base}/connectors/${encodeURIComponent(nqlId)}`, text: nqlId }),
      ]),
    run && el('span', {}, ['Time ', el('b', { text: when(run['time']) })]),
    run && el('span', {}, ['Status ', badge(run['status'])]),
    el('span', {}, ['Changes ', el('b', { id: 'changes-total', text: count(changes?.total ?? 0) })]),
  ]);
}

/**
 * A run's diff: its changes by field and action from the change ledger (`GET /api/runs/:runId/changes`),
 * then a sample of them (`GET /api/changes?run=…`) to search and page through.
 */
export function runPage(context: ConsoleContext, runId: string): void {
  const { app } = context;
  app.appendChild(el('h2', {}, ['Run ', el('code', { text: runId })]));
  const path = `/api/runs/${encodeURIComponent(runId)}`;
  Promise.all([unlessNotFound(api<Entry>(path)), unlessNotFound(api<RunChanges>(`${path}/changes`))]).then(
    ([run, changes]) => {
      app.appendChild(facts(context, run, changes));
      if (!run) app.appendChild(el('p', { class: 'muted', text: 'This run is not in the execution log.' }));
      if (!changes) {
        app.appendChild(el('p', { id: 'no-changes', class: 'message', text: NO_CHANGES }));
        return;
      }
      app.appendChild(el('h3', { text: 'Changes by field' }));
      app.appendChild(countsTable(changes));
      app.appendChild(el('h3', { text: 'The changes' }));
      app.appendChild(sample(context, changes));
    },
    failed,
  );
}
