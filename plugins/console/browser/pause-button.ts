import type { Connector } from './api-types.js';
import type { ConsoleContext } from './console-context.js';
import { el } from './el.js';
import { failed, say } from './messages.js';
import { api } from './request.js';
import { token } from './token.js';

/** Why the button cannot be used, or undefined when it can. */
function unusable(context: ConsoleContext): string | undefined {
  if (!context.writable) return 'read-only: the server has no token';
  if (!token()) return 'enter the operator token at the top right first';
  return undefined;
}

/**
 * **Pause schedule**, or **Resume schedule** for a paused or quarantined connector (resuming lifts the
 * quarantine too): a POST with the token, no confirmation; disabled on a read-only server and without
 * a token. It says what the server answered, then calls `refresh`.
 */
export function pauseButton(context: ConsoleContext, c: Connector, refresh: () => void): HTMLButtonElement {
  const action = c.paused || c.quarantine ? 'resume' : 'pause';
  const why = unusable(context);
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
