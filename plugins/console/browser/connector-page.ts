import type { Connector, RunsPage } from './api-types.js';
import { badge } from './badge.js';
import { chart } from './chart.js';
import type { ConsoleContext } from './console-context.js';
import { el } from './el.js';
import { quote, when } from './format.js';
import { historyTable } from './history-table.js';
import { failed } from './messages.js';
import { poll } from './poll.js';
import { previewSection } from './preview-section.js';
import { api } from './request.js';
import { runButton } from './run-button.js';
import { userPreviewSection } from './user-preview-section.js';

const REFRESH_MS = 2000;
/** How many recent runs the chart and the history show. */
const RECENT_RUNS = 30;

function facts(context: ConsoleContext, c: Connector): readonly HTMLElement[] {
  const status = c.running ? badge('running') : c.lastRun ? badge(c.lastRun['status']) : el('b', { text: 'never ran' });
  return [
    el('div', { class: 'toolbar' }, [el('h2', { text: c.name }), runButton(context, c.nqlId, c.running)]),
    el('div', { class: 'facts' }, [
      el('span', {}, ['NQL ID ', el('b', { text: c.nqlId })]),
      el('span', {}, ['Template ', el('b', { text: c.connector })]),
      el('span', {}, ['Status ', status]),
      el('span', {}, ['Schedule ', el('b', { text: c.schedule || 'none (runs on demand)' })]),
      el('span', {}, ['Next run ', el('b', { text: c.nextRunAt ? when(c.nextRunAt) : '—' })]),
    ]),
  ];
}

function replace(box: HTMLElement, ...nodes: readonly Node[]): void {
  box.textContent = '';
  for (const node of nodes) box.appendChild(node);
}

/**
 * A connector's page: its facts, a chart of its recent runs, its run history (each run linking to its
 * diff), the mapping preview and the preview of one user.
 */
export function connectorPage(context: ConsoleContext, nqlId: string): void {
  const head = el('div');
  const chartBox = el('div');
  const history = el('div');
  const { app, base } = context;
  app.appendChild(el('p', {}, [el('a', { href: base, text: '← all connectors' })]));
  app.appendChild(head);
  app.appendChild(el('h3', { text: 'Recent runs' }));
  app.appendChild(chartBox);
  app.appendChild(el('h3', { text: 'Run history' }));
  app.appendChild(history);
  app.appendChild(el('h3', { text: 'Mapping preview' }));
  app.appendChild(previewSection(context, nqlId));
  app.appendChild(el('h3', { text: 'Preview a user' }));
  app.appendChild(userPreviewSection(context, nqlId));
  const nql = `platform.inbound_connector_logs | where details.nql_id == ${quote(nqlId)} | sort time desc | limit ${RECENT_RUNS}`;
  poll(() => {
    Promise.all([
      api<Connector>(`/api/connectors/${encodeURIComponent(nqlId)}`),
      api<RunsPage>(`/api/runs?limit=${RECENT_RUNS}&nql=${encodeURIComponent(nql)}`),
    ]).then(([c, page]) => {
      replace(head, ...facts(context, c));
      replace(chartBox, chart(page.entries));
      replace(
        history,
        page.entries.length ? historyTable(base, page.entries) : el('p', { class: 'muted', text: 'No runs yet.' }),
      );
    }, failed);
  }, REFRESH_MS);
}
