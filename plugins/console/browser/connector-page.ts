import type { Connector, RunsPage } from './api-types.js';
import { badge, stateBadges } from './badge.js';
import { chart } from './chart.js';
import type { ConsoleContext } from './console-context.js';
import { csvButton } from './csv-button.js';
import { el } from './el.js';
import { quote } from './format.js';
import { localTime } from './local-time.js';
import { historyTable } from './history-table.js';
import { failed } from './messages.js';
import { pauseButton } from './pause-button.js';
import { poll } from './poll.js';
import { previewSection } from './preview-section.js';
import { api } from './request.js';
import { runButton } from './run-button.js';
import { userPreviewSection } from './user-preview-section.js';

const REFRESH_MS = 2000;
/** How many recent runs the chart and the history show. */
const RECENT_RUNS = 30;

function facts(context: ConsoleContext, c: Connector, refresh: () => void): readonly HTMLElement[] {
  const status = c.running ? badge('running') : c.lastRun ? badge(c.lastRun['status']) : el('b', { text: 'never ran' });
  return [
    el('div', { class: 'toolbar' }, [
      el('h2', { text: c.name }),
      runButton(context, c.nqlId, c.running),
      pauseButton(context, c, refresh),
    ]),
    el('div', { class: 'facts' }, [
      el('span', {}, ['NQL ID ', el('b', { text: c.nqlId })]),
      el('span', {}, ['Template ', el('b', { text: c.connector })]),
      el('span', {}, ['Status ', status]),
      el('span', { id: 'connector-state' }, ['Health ', stateBadges(c)]),
      el('span', {}, ['Schedule ', el('b', { text: c.schedule || 'none (runs on demand)' })]),
      el('span', {}, ['Next run ', el('b', {}, [c.nextRunAt ? localTime(c.nextRunAt) : '—'])]),
    ]),
  ];
}

function replace(box: HTMLElement, ...nodes: readonly Node[]): void {
  box.textContent = '';
  for (const node of nodes) box.appendChild(node);
}

/** The run history: the newest runs, and the CSV of every run of the connector the log holds. */
function historyBox(context: ConsoleContext, nqlId: string, nql: string, page: RunsPage): readonly HTMLElement[] {
  if (!page.entries.length) return [el('p', { class: 'muted', text: 'No runs yet.' })];
  const shown = `the newest ${Math.min(page.entries.length, page.total)} of ${page.total} runs`;
  return [
    el('div', { class: 'toolbar' }, [
      el('span', { id: 'history-count', class: 'muted', text: shown }),
      csvButton({ id: 'history-csv', nql, total: page.total, filename: `tributary-${nqlId}-runs.csv` }),
    ]),
    historyTable(context.base, page.entries),
  ];
}

/**
 * A connector's page: its facts and health with **Run now** and **Pause / Resume schedule**, a chart
 * of its recent runs, its run history (each run linking to its diff; the CSV of all of them), the
 * mapping preview and the preview of one user.
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
  // Every run of the connector, newest first: the API pages it, the CSV holds all of it.
  const nql = `platform.inbound_connector_logs | where details.nql_id == ${quote(nqlId)} | sort time desc`;
  const render = (): void => {
    Promise.all([
      api<Connector>(`/api/connectors/${encodeURIComponent(nqlId)}`),
      api<RunsPage>(`/api/runs?limit=${RECENT_RUNS}&nql=${encodeURIComponent(nql)}`),
    ]).then(([c, page]) => {
      replace(head, ...facts(context, c, render));
      replace(chartBox, chart(page.entries));
      replace(history, ...historyBox(context, nqlId, nql, page));
    }, failed);
  };
  poll(render, REFRESH_MS);
}
