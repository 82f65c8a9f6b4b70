import { el } from './el.js';
import { ApiError } from './request.js';

/** Shows one message above the page (an error as an alert); an empty text clears it. */
export function say(text: string, kind?: 'error'): void {
  const messages = document.getElementById('messages');
  if (!messages) return;
  messages.textContent = '';
  if (text)
    messages.appendChild(
      el('div', { class: kind ? `message ${kind}` : 'message', role: kind === 'error' ? 'alert' : 'status', text }),
    );
}

/** Says why an API call failed, in the operator's terms for a missing token and a busy server. */
export function failed(error: unknown): void {
  if (error instanceof ApiError && error.status === 401)
    say('This server needs its operator token: enter it at the top right.', 'error');
  else if (error instanceof ApiError && error.status === 429)
    say(`The server is busy with other checks: try again in ${error.retryAfter || 'a few'} seconds.`, 'error');
  else say(`Error: ${error instanceof Error ? error.message : String(error)}`, 'error');
}
