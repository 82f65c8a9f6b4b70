import type { ConsoleContext } from './console-context.js';
import { el } from './el.js';
import { failed, say } from './messages.js';
import { api } from './request.js';

/** **Run now** for one connector: a POST with the token; disabled while it runs and on a read-only server. */
export function runButton(context: ConsoleContext, nqlId: string, running: boolean): HTMLButtonElement {
  const { writable } = context;
  const button = el('button', {
    'data-run': nqlId,
    disabled: !writable || running,
    title: writable ? (running ? 'running now' : 'start a run now') : 'read-only: the server has no token',
    text: running ? 'Running…' : 'Run now',
  });
  button.addEventListener('click', () => {
    button.disabled = true;
    api(`/api/connectors/${encodeURIComponent(nqlId)}/run`, 'POST').then(
      () => say(`${nqlId}: run started`),
      (error: unknown) => {
        button.disabled = false;
        failed(error);
      },
    );
  });
  return button;
}
