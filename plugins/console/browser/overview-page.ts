import type { Overview } from './api-types.js';
import { healthBadge } from './badge.js';
import type { ConsoleContext } from './console-context.js';
import { el } from './el.js';
import { age, count, decimal, percent } from './format.js';
import { failed, say } from './messages.js';
import { poll } from './poll.js';
import { api } from './request.js';

/** The windows the overview offers, in days. */
const WINDOWS = [1, 7, 30] as const;
const DEFAULT_DAYS = 7;
const REFRESH_MS = 10_000;
/** Below this success rate a connector's rate is shown in the failure colour. */
const LOW_RATE = 0.9;
const HEADINGS = ['Connector', 'Health', 'Runs', 'Successes', 'Success rate', 'Rows per day', 'Last success'];

/** The window the address asks for (`?days=30`), when it is one the page offers. */
function daysOf(search: string): number {
  const asked = Number(new URLSearchParams(search).get('days'));
  return (WINDOWS as readonly number[]).includes(asked) ? asked : DEFAULT_DAYS;
}

function overviewRows(context: ConsoleContext, overview: Overview): HTMLTableRowElement[] {
  return overview.connectors.map((c) => {
    const low = c.successRate !== undefined && c.successRate < LOW_RATE;
    return el('tr', { 'data-nql-id': c.nqlId }, [
      el('td', {}, [el('a', { href: `${context.base}/connectors/${encodeURIComponent(c.nqlId)}`, text: c.name })]),
      el('td', {}, [healthBadge(c.health)]),
      el('td', { class: 'num runs', text: count(c.runs) }),
      el('td', { class: 'num successes', text: count(c.successes) }),
      el('td', {
        class: low ? 'num rate low' : 'num rate',
        text: c.successRate === undefined ? '—' : percent(c.successRate),
      }),
      el('td', { class: 'num rows-per-day', text: decimal(c.rowsPerDay) }),
      el('td', {
        class: 'num last-success',
        text: c.lastSuccessAgeSeconds === undefined ? 'never' : `${age(c.lastSuccessAgeSeconds)} ago`,
      }),
    ]);
  });
}

/**
 * The overview (`/console/overview?days=7`): every connector's health, runs, success rate, rows
 * processed per day and age of its last success over the last 1, 7 or 30 days, from `GET /api/overview`.
 */
export function overviewPage(context: ConsoleContext): void {
  let days = daysOf(location.search);
  const select = el(
    'select',
    { id: 'days' },
    WINDOWS.map((d) =>
      el('option', { value: d, text: d === 1 ? 'the last day' : `the last ${d} days`, selected: d === days }),
    ),
  );
  const tbody = el('tbody');
  const render = (): void => {
    api<Overview>(`/api/overview?days=${days}`).then((overview) => {
      say('');
      tbody.textContent = '';
      for (const row of overviewRows(context, overview)) tbody.appendChild(row);
    }, failed);
  };
  select.addEventListener('change', () => {
    days = daysOf(`?days=${select.value}`);
    window.history.replaceState(null, '', `${context.base}/overview?days=${days}`);
    poll(render, REFRESH_MS);
  });
  context.app.appendChild(el('h2', { text: 'Overview' }));
  context.app.appendChild(el('div', { class: 'toolbar' }, [el('label', { for: 'days', text: 'Over' }), select]));
  context.app.appendChild(
    el('table', { id: 'overview' }, [
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
  poll(render, REFRESH_MS);
}
