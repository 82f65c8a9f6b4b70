import type { PreviewField, PreviewRecord, UserPreview } from './api-types.js';
import { actionLabel, storedValue } from './change-value.js';
import type { ConsoleContext } from './console-context.js';
import { el } from './el.js';
import { failed, say } from './messages.js';
import { api } from './request.js';

/** The steps of a preview, in words. */
const STEPS: Readonly<Record<string, string>> = {
  start: 'its start',
  find: 'asking the source for the user',
  map: "mapping the user's records",
};
/** Actions that would change what the store holds. */
const CHANGES = new Set(['added', 'changed', 'cleared', 'left']);

function valueCell(f: PreviewField): HTMLTableCellElement {
  if (f.error !== undefined) return el('td', { class: 'error', text: `error: ${f.error}` });
  const hint = f.hint === undefined ? [] : [el('div', { class: 'error hint', text: f.hint })];
  if (f.value === undefined) return el('td', { class: 'muted' }, ['(left out)', ...hint]);
  return el('td', {}, [storedValue(f.value), ...hint]);
}

function fieldsTable(fields: readonly PreviewField[]): HTMLTableElement {
  return el('table', { class: 'preview-fields' }, [
    el('thead', {}, [
      el(
        'tr',
        {},
        ['Field', 'Expression', 'Value', 'Stored now', 'Action'].map((h) => el('th', { text: h })),
      ),
    ]),
    el(
      'tbody',
      {},
      fields.map((f) =>
        el(
          'tr',
          {
            class: f.error !== undefined ? 'failure' : f.action && CHANGES.has(f.action) ? 'change' : '',
            'data-field': f.field,
          },
          [
            el('td', { text: f.field }),
            el('td', {}, [el('code', { text: f.expression })]),
            valueCell(f),
            el('td', {}, [f.stored === undefined ? '' : storedValue(f.stored)]),
            el('td', {}, [f.action && actionLabel(f.action)]),
          ],
        ),
      ),
    ),
  ]);
}

/** One record the source returned, step by step: as received, identified, limited, mapped. */
function recordSteps(record: PreviewRecord, index: number, of: number): HTMLElement {
  const id = record.identification;
  return el('div', { class: 'preview-record' }, [
    el('h4', { text: `Record ${index + 1} of ${of}` }),
    el('div', { class: 'step', text: '1. As received' }),
    el('pre', { class: 'json received', text: JSON.stringify(record.received, null, 2) }),
    el('div', { class: 'step', text: '2. Identification' }),
    el('p', { class: 'identification' }, [
      el('span', { class: `badge ${id.ok ? 'success' : 'failure'}`, text: id.ok ? 'ok' : 'error' }),
      id.ok ? ` ${id.kind} ${id.value}` : ` ${id.error}`,
    ]),
    el('div', { class: 'step', text: '3. Limits' }),
    record.limits.length
      ? el(
          'ul',
          { class: 'limits' },
          record.limits.map((m) => el('li', { text: m })),
        )
      : el('p', { class: 'muted limits', text: 'None applied to it.' }),
    el('div', { class: 'step', text: '4. Fields' }),
    fieldsTable(record.fields),
    el('p', {
      class: record.processed ? 'verdict' : 'verdict error',
      text: record.processed
        ? 'A run would write this record.'
        : 'A run would not write this record: the identification, a limit or a field above says why.',
    }),
  ]);
}

function report(out: HTMLElement, preview: UserPreview): void {
  out.appendChild(
    el('p', {
      class: 'message dry-run',
      text: `Nothing was written: a dry run, logged as run ${preview.runId}.`,
    }),
  );
  out.appendChild(
    el('div', { class: 'facts' }, [
      el('span', {}, [
        'Matched ',
        el('b', { text: preview.matchedField }),
        ' against ',
        el('b', { text: preview.user }),
      ]),
      el('span', {}, [
        'Stored values ',
        el('b', { text: preview.store.read ? 'read from the sink' : `not read: ${preview.store.reason}` }),
      ]),
    ]),
  );
  const { failed: failure } = preview;
  if (failure)
    out.appendChild(
      el('p', {
        class: 'message error preview-failed',
        text: `The preview failed at ${STEPS[failure.step] ?? failure.step}: ${failure.error}${failure.code ? ` (${failure.code})` : ''}`,
      }),
    );
  else if (preview.records.length === 0)
    out.appendChild(el('p', { class: 'muted', text: `The source returned no record for ${preview.user}.` }));
  preview.records.forEach((r, i) => out.appendChild(recordSteps(r, i, preview.records.length)));
}

/**
 * **Preview a user**: reads the records of one UPN or email from the source and shows, step by step,
 * what a run would do with them against what the store holds (a POST with the token; disabled on a
 * read-only server). Writes nothing.
 */
export function userPreviewSection(context: ConsoleContext, nqlId: string): HTMLDivElement {
  const out = el('div', { id: 'user-preview' });
  const input = el('input', {
    id: 'preview-user',
    type: 'search',
    placeholder: 'UPN or email',
    size: 40,
    required: true,
  });
  const button = el('button', {
    type: 'submit',
    class: 'secondary',
    disabled: !context.writable,
    title: context.writable
      ? "read this user's records and map them; writes nothing"
      : 'read-only: the server has no token',
    text: 'Preview a user',
  });
  const form = el('form', { class: 'toolbar', id: 'preview-user-form' }, [input, button]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const user = input.value.trim();
    button.disabled = true;
    out.textContent = `Reading the records of ${user}…`;
    api<UserPreview>(`/api/connectors/${encodeURIComponent(nqlId)}/preview`, 'POST', { user })
      .then(
        (preview) => {
          say('');
          out.textContent = '';
          report(out, preview);
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
  return el('div', {}, [form, out]);
}
