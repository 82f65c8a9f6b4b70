import type { Connector } from './api-types.js';
import type { ConsoleContext } from './console-context.js';
import { el } from './el.js';
import { failed, say } from './messages.js';
import { refusal } from './operator-action.js';
import { api } from './request.js';

/**
 * **Pause schedule**, or **Resume schedule** for a paused or quarantined connector (resuming lifts the
 * quarantine too): a POST with the token, no confirmation; disabled on a read-only server and without
 * a token. It says what the server answered, then calls `refresh`.
 */
export function pauseButton(context: ConsoleContext, c: Connector, refresh: () => void): HTMLButtonElement {
  const action = c.paused || c.quarantine ? 'resume' : 'pause';
  const why = refusal(context);
  const button = el('button', {
    class: 'secondary',
    'data-schedule': action,
    disabled: why !== undefined,
    title:
      why ??
      (action === 'pause'
        ? 'stop starting its scheduled runs, on every host (run now still works)'
        : 'start its scheduled runs again, and lift its quarantine'),
    text: action === 'pause' ? 'Pause schedule' : 'Resume schedule',
  });
  button.addEventListener('click', () => {
    button.disabled = true;
    api<{ readonly message: string }>(`/api/connectors/${encodeURIComponent(c.nqlId)}/${action}`, 'POST')
      .then(
        (outcome) => say(outcome.message),
        (error: unknown) => failed(error),
      )
      .then(refresh);
  });
  return button;
}
