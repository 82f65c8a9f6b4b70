import { numberField, type Connector } from './api-types.js';
import { badge } from './badge.js';
import type { ConsoleContext } from './console-context.js';
import { el } from './el.js';
import { count, seconds, when } from './format.js';
import { failed } from './messages.js';
import { poll } from './poll.js';
import { api } from './request.js';
import { runButton } from './run-button.js';

const HEADINGS = ['Connector', 'NQL ID', 'Template', 'Status', 'Last run', 'Rows', 'Duration', 'Next run', ''];
const REFRESH_MS = 2000;

function connectorRow(context: ConsoleContext, c: Connector): HTMLTableRowElement {
  const last = c.lastRun ?? {};
  const status = c.running
    ? badge('running')
    : last['status']
      ? badge(last['status'])
      : el('span', { class: 'muted', text: 'never ran' });
  return el('tr', { 'data-nql-id': c.nqlId, class: last['status'] === 'failure' ? 'failure' : '' }, [
    el('td', {}, [el('a', { href: `${context.base}/connectors/${encodeURIComponent(c.nqlId)}`, text: c.name })]),
    el('td', { text: c.nqlId }),
    el('td', { text: c.connector }),
    el('td', { class: 'status' }, [status]),
    el('td', { text: when(last['time']) }),
    el('td', { class: 'num', text: count(numberField(last, 'details.number_of_processed_rows')) }),
    el('td', { class: 'num', text: seconds(numberField(last, 'details.duration_ms')) }),
    el('td', { text: c.nextRunAt ? when(c.nextRunAt) : c.schedule ? '' : 'not scheduled' }),
    el('td', {}, [runButton(context, c.nqlId, c.running)]),
  ]);
}

/** The connector list: every connector with its last run, next run and **Run now**, refreshed every 2 seconds. */
export function connectorList(context: ConsoleContext): void {
  const tbody = el('tbody');
  context.app.appendChild(el('h2', { text: 'Connectors' }));
  context.app.appendChild(
    el('table', { id: 'connectors' }, [
      el('thead', {}, [
        el(
          'tr',
          {},
          HEADINGS.map((h) => el('th', { text: h })),
        ),
      ]),
      tbody,
    ]),
  );
  poll(() => {
    api<{ connectors: readonly Connector[] }>('/api/connectors').then((data) => {
      tbody.textContent = '';
      for (const c of data.connectors) tbody.appendChild(connectorRow(context, c));
    }, failed);
  }, REFRESH_MS);
}
