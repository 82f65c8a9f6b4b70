import type { RunsPage } from './api-types.js';
import type { ConsoleContext } from './console-context.js';
import { csvButton } from './csv-button.js';
import { el } from './el.js';
import { localTime } from './local-time.js';
import { failed, say } from './messages.js';
import { pager } from './pager.js';
import { api } from './request.js';

/** A value the log holds as a time (ISO 8601 UTC): shown like every time of the console. */
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
/** Entries a page of the result shows. */
const PAGE = 100;
const DEFAULT_NQL =
  'platform.inbound_connector_logs during past 7d | list time, status, details.nql_id, details.number_of_processed_rows, details.description | sort time desc';
const EXAMPLE =
  'e.g. platform.inbound_connector_logs during past 7d | where status == failure | list time, details.name, details.description';

function resultTable(page: RunsPage): HTMLTableElement {
  return el('table', { id: 'rows' }, [
    el('thead', {}, [
      el(
        'tr',
        {},
        page.columns.map((c) => el('th', { text: c })),
      ),
    ]),
    el(
      'tbody',
      {},
      page.entries.map((e) =>
        el(
          'tr',
          { class: e['status'] === 'failure' ? 'failure' : '' },
          page.columns.map((c) => {
            const v = e[c];
            if (typeof v === 'string' && ISO_TIME.test(v)) return el('td', {}, [localTime(v)]);
            return el('td', {
              class: typeof v === 'number' ? 'num' : '',
              text: v === null || v === undefined ? '' : String(v),
            });
          }),
        ),
      ),
    ),
  ]);
}

/** The query page: an NQL box, one page of the result as a table, paging, and the CSV of the whole result. */
export function queryPage(context: ConsoleContext): void {
  const params = new URLSearchParams(location.search);
  const input = el('textarea', { id: 'nql', rows: 3, spellcheck: 'false' });
  input.value = params.get('nql') || DEFAULT_NQL;
  const result = el('div', { id: 'result' });
  let offset = 0;
  const run = (): void => {
    const nql = input.value;
    window.history.replaceState(null, '', `${context.base}/query?nql=${encodeURIComponent(nql)}`);
    api<RunsPage>(`/api/runs?limit=${PAGE}&offset=${offset}&nql=${encodeURIComponent(nql)}`).then((page) => {
      say('');
      result.textContent = '';
      const paging = pager('count', 'entries', { ...page, shown: page.entries.length }, PAGE, (to) => {
        offset = to;
        run();
      });
      result.appendChild(
        el('div', { class: 'toolbar' }, [
          ...paging,
          csvButton({ id: 'csv', nql, total: page.total, filename: 'tributary-logs.csv' }),
        ]),
      );
      result.appendChild(resultTable(page));
    }, failed);
  };
  const button = el('button', { id: 'run-query', text: 'Run query' });
  button.addEventListener('click', () => {
    offset = 0;
    run();
  });
  context.app.appendChild(el('h2', { text: 'Execution log (NQL)' }));
  context.app.appendChild(input);
  context.app.appendChild(el('div', { class: 'toolbar' }, [button, el('span', { class: 'muted', text: EXAMPLE })]));
  context.app.appendChild(result);
  if (params.get('nql')) run();
}
