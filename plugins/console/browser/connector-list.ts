import { numberField, type Connector } from './api-types.js';
import { badge, stateBadges } from './badge.js';
import type { ConsoleContext } from './console-context.js';
import { el } from './el.js';
import { count, seconds } from './format.js';
import { heldRunsBanner } from './held-runs.js';
import { localTime } from './local-time.js';
import { failed } from './messages.js';
import { pauseButton } from './pause-button.js';
import { poll } from './poll.js';
import { api } from './request.js';
import { runButton } from './run-button.js';

const HEADINGS = [
  'Connector',
  'NQL ID',
  'Template',
  'Status',
  'Last run',
  'Rows',
  'Duration',
  'Next run',
  'Health',
  '',
];
const REFRESH_MS = 2000;

function connectorRow(context: ConsoleContext, c: Connector, refresh: () => void): HTMLTableRowElement {
  const last = c.lastRun ?? {};
  const status = c.running
    ? badge('running')
    : last['status']
      ? badge(last['status'])
      : el('span', { class: 'muted', text: 'never ran' });
  const stopped = c.paused !== undefined || c.quarantine !== undefined;
  return el('tr', { 'data-nql-id': c.nqlId, class: last['status'] === 'failure' ? 'failure' : '' }, [
    el('td', {}, [el('a', { href: `${context.base}/connectors/${encodeURIComponent(c.nqlId)}`, text: c.name })]),
    el('td', { text: c.nqlId }),
    el('td', { text: c.connector }),
    el('td', { class: 'status' }, [status]),
    el('td', {}, [last['time'] ? localTime(last['time']) : '']),
    el('td', { class: 'num', text: count(numberField(last, 'details.number_of_processed_rows')) }),
    el('td', { class: 'num', text: seconds(numberField(last, 'details.duration_ms')) }),
    el('td', {}, [c.nextRunAt ? localTime(c.nextRunAt) : c.schedule ? '' : 'not scheduled']),
    el('td', { class: 'health' }, [stateBadges(c)]),
    el('td', { class: 'actions' }, [
      runButton(context, c.nqlId, c.running),
      stopped && pauseButton(context, c, refresh),
    ]),
  ]);
}

/**
 * The connector list: every connector with its last run, next run, health (and whether its schedule is
 * paused or quarantined, with **Resume schedule**) and **Run now**, refreshed every 2 seconds; above
 * it, the held runs waiting for a decision, when there are any.
 */
export function connectorList(context: ConsoleContext): void {
  const tbody = el('tbody');
  const held = heldRunsBanner(context);
  context.app.appendChild(el('h2', { text: 'Connectors' }));
  context.app.appendChild(held.box);
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
  const render = (): void => {
    held.refresh();
    api<{ connectors: readonly Connector[] }>('/api/connectors').then((data) => {
      tbody.textContent = '';
      for (const c of data.connectors) tbody.appendChild(connectorRow(context, c, render));
    }, failed);
  };
  poll(render, REFRESH_MS);
}
