import type { ConsoleContext } from './console-context.js';
import { userHref } from './change-table.js';
import { el } from './el.js';
import { ledgerListing } from './ledger-listing.js';

/**
 * A user's timeline: every change the ledger holds for one UPN or email (`GET /api/changes?user=…`),
 * newest first, across connectors, each with the run that made it (a link to its diff).
 */
export function userChangesPage(context: ConsoleContext): void {
  const user = new URLSearchParams(location.search).get('user') ?? '';
  const input = el('input', {
    id: 'timeline-user',
    type: 'search',
    placeholder: 'UPN or email',
    size: 40,
    required: true,
  });
  input.value = user;
  const listing = ledgerListing(context, { table: 'timeline', count: 'timeline-count' }, [
    'time',
    'connector',
    'field',
    'change',
    'action',
    'flip',
    'run',
  ]);
  const form = el('form', { class: 'toolbar', id: 'timeline-search' }, [
    input,
    el('button', { type: 'submit', text: 'Show changes' }),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const wanted = input.value.trim();
    window.history.replaceState(null, '', userHref(context.base, wanted));
    listing.show({ user: wanted });
  });
  context.app.appendChild(el('h2', { text: "A user's changes" }));
  context.app.appendChild(form);
  context.app.appendChild(
    el('p', {
      class: 'muted',
      text: 'Every change a committed run made to the fields of this user, newest first, across connectors.',
    }),
  );
  context.app.appendChild(listing.box);
  if (user) listing.show({ user });
}
