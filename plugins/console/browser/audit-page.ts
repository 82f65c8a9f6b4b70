import type { AuditPage } from './api-types.js';
import { runHref } from './change-table.js';
import type { ConsoleContext } from './console-context.js';
import { el } from './el.js';
import { localTime } from './local-time.js';
import { failed, say } from './messages.js';
import { pager } from './pager.js';
import { api } from './request.js';

/** Entries a page of the audit trail shows. */
const PAGE = 50;
/** Actions whose target is a run, not a connector. */
const ON_RUNS = new Set(['approve', 'reject', 'cancel']);
const HEADINGS = ['Time', 'Who', 'Action', 'Target', 'Outcome'];

function auditTable(context: ConsoleContext, page: AuditPage): HTMLTableElement {
  return el('table', { id: 'audit' }, [
    el('thead', {}, [
      el(
        'tr',
        {},
        HEADINGS.map((h) => el('th', { text: h })),
      ),
    ]),
    el(
      'tbody',
      {},
      page.entries.map((e) =>
        el('tr', { 'data-action': e.action }, [
          el('td', {}, [localTime(e.time)]),
          el('td', { class: 'actor' }, [e.actor, e.address && el('span', { class: 'muted', text: ` (${e.address})` })]),
          el('td', { class: 'action', text: e.action }),
          el('td', { class: 'target' }, [
            el('a', {
              href: ON_RUNS.has(e.action)
                ? runHref(context.base, e.target)
                : `${context.base}/connectors/${encodeURIComponent(e.target)}`,
              text: e.target,
            }),
          ]),
          el('td', { class: 'outcome', text: e.outcome }),
        ]),
      ),
    ),
  ]);
}

/** The audit trail (`/console/audit`): who did what to which connector or run, newest first, a page at a time. */
export function auditPage(context: ConsoleContext): void {
  const box = el('div');
  const show = (offset: number): void => {
    api<AuditPage>(`/api/audit?offset=${offset}&limit=${PAGE}`).then((page) => {
      say('');
      box.textContent = '';
      const paging = pager(
        'audit-count',
        'entries',
        { offset, shown: page.entries.length, total: page.total },
        PAGE,
        show,
      );
      box.appendChild(el('div', { class: 'toolbar' }, paging));
      if (page.entries.length) box.appendChild(auditTable(context, page));
    }, failed);
  };
  context.app.appendChild(el('h2', { text: 'Audit' }));
  context.app.appendChild(
    el('p', {
      class: 'muted',
      text: 'Who did what, newest first: runs started, schedules paused and resumed, held runs approved or rejected, runs cancelled. Who is the name of the token used (or cli).',
    }),
  );
  context.app.appendChild(box);
  show(0);
}
