import type { CheckReport } from './api-types.js';
import { badge } from './badge.js';
import type { ConsoleContext } from './console-context.js';
import { el } from './el.js';
import { count } from './format.js';
import { failed } from './messages.js';
import { api } from './request.js';

/** What a check found: PASS or FAIL, its messages, and a table of what would be written per sample record. */
function report(out: HTMLElement, result: CheckReport): void {
  const expected =
    result.expectedRows !== undefined ? ` · the source announces ${count(result.expectedRows)} rows` : '';
  out.appendChild(
    el('p', {}, [badge(result.ok ? 'success' : 'failure'), ` ${result.ok ? 'PASS' : 'FAIL'}${expected}`]),
  );
  for (const m of result.messages) out.appendChild(el('div', { class: 'muted', text: m }));
  const fields = [...new Set(result.preview.flatMap((p) => Object.keys(p.fields ?? {})))];
  out.appendChild(
    el('table', {}, [
      el('thead', {}, [
        el(
          'tr',
          {},
          ['identifier', ...fields].map((h) => el('th', { text: h })),
        ),
      ]),
      el(
        'tbody',
        {},
        result.preview.map((p) => {
          if (p.error !== undefined)
            return el('tr', { class: 'failure' }, [
              el('td', { colspan: fields.length + 1, text: `rejected: ${p.error}` }),
            ]);
          return el('tr', {}, [
            el('td', { text: p.identifier }),
            ...fields.map((f) => el('td', { text: p.fields[f] === undefined ? '' : String(p.fields[f]) })),
          ]);
        }),
      ),
    ]),
  );
}

/**
 * **Preview the mapping**: runs `check` (a POST with the token; disabled on a read-only server) and
 * shows what would be written for the sample records. Writes nothing.
 */
export function previewSection(context: ConsoleContext, nqlId: string): HTMLDivElement {
  const out = el('div', { id: 'preview' });
  const button = el('button', {
    class: 'secondary',
    disabled: !context.writable,
    title: context.writable
      ? 'authenticate, read one page and map it; writes nothing'
      : 'read-only: the server has no token',
    text: 'Preview the mapping (check)',
  });
  button.addEventListener('click', () => {
    button.disabled = true;
    out.textContent = 'Authenticating and reading one page…';
    api<CheckReport>(`/api/connectors/${encodeURIComponent(nqlId)}/check`, 'POST')
      .then(
        (result) => {
          out.textContent = '';
          report(out, result);
        },
        (error: unknown) => {
          out.textContent = '';
          failed(error);
        },
      )
      .then(() => {
        button.disabled = false;
      });
  });
  return el('div', {}, [el('div', { class: 'toolbar' }, [button]), out]);
}
