import type { HeldRun } from './api-types.js';
import { runHref } from './change-table.js';
import type { ConsoleContext } from './console-context.js';
import { countsTable } from './counts-table.js';
import { el } from './el.js';
import { count } from './format.js';
import { localTime } from './local-time.js';
import { failed } from './messages.js';
import { operatorAction, type ActionReport } from './operator-action.js';
import { api } from './request.js';

/** What a held run would commit, in the order the panel lists it; a count the sink cannot tell shows `—`. */
const COUNTS: ReadonlyArray<readonly [key: keyof HeldRun['counts'], heading: string]> = [
  ['receivedRows', 'Received'],
  ['processedRows', 'Processed'],
  ['leavers', 'Leavers'],
  ['clearedValues', 'Values cleared'],
  ['changedUsers', 'Users changed'],
];

/**
 * A held run on its run page: why it is held, what it would commit, when it was held and its deadline
 * (rejected then, unless someone decides), and **Approve** (it commits) and **Reject** (it fails and
 * commits nothing), each a POST with the token after a confirm step.
 */
export function heldPanel(
  context: ConsoleContext,
  held: HeldRun,
  report: ActionReport,
  after: () => void,
): HTMLElement {
  const path = `/api/runs/${encodeURIComponent(held.runId)}`;
  return el('section', { id: 'held' }, [
    el('h3', { text: 'Held: waiting for a decision' }),
    el('p', { class: 'message' }, [
      'This run stopped before its commit: what it would change exceeds the connector’s hold thresholds. ',
      'Approve it to commit, or reject it. Without a decision it is rejected at its deadline.',
    ]),
    el(
      'ul',
      { id: 'held-reasons' },
      held.reasons.map((reason) => el('li', { text: reason })),
    ),
    countsTable(
      'held-counts',
      COUNTS.map(([key, heading]) => ({ heading, name: key, text: count(held.counts[key]) || '—' })),
    ),
    el('div', { class: 'facts' }, [
      el('span', {}, ['Held at ', el('b', {}, [localTime(held.heldAt)])]),
      el('span', {}, ['Deadline ', el('b', { id: 'held-deadline' }, [localTime(held.deadline)])]),
      el('span', {}, ['Host ', el('b', { text: held.host })]),
    ]),
    el('div', { class: 'toolbar' }, [
      operatorAction(
        context,
        {
          id: 'approve-run',
          label: 'Approve',
          question: 'Approve this run? It commits these changes.',
          confirm: 'Yes, approve',
          path: `${path}/approve`,
        },
        report,
        after,
      ),
      operatorAction(
        context,
        {
          id: 'reject-run',
          label: 'Reject',
          question: 'Reject this run? It fails and commits nothing.',
          confirm: 'Yes, reject',
          path: `${path}/reject`,
          secondary: true,
        },
        report,
        after,
      ),
    ]),
  ]);
}

/** The held runs waiting for a decision, as a banner: `box` shows what the last `refresh` found. */
export interface HeldRunsBanner {
  readonly box: HTMLElement;
  /** Reads `GET /api/runs/held` again. */
  refresh(): void;
}

function heldItem(base: string, held: HeldRun): HTMLLIElement {
  return el('li', { 'data-run-id': held.runId }, [
    el('a', { href: runHref(base, held.runId), text: held.nqlId }),
    ` held at `,
    localTime(held.heldAt),
    `, rejected at `,
    localTime(held.deadline),
    ` without a decision: ${held.reasons.join('; ')}`,
  ]);
}

/**
 * A banner listing the held runs that wait for a decision, each linking to its run page (where it is
 * approved or rejected); hidden when none waits. It reads nothing until `refresh` is called (call it
 * at each refresh of the page that shows it).
 */
export function heldRunsBanner(context: ConsoleContext): HeldRunsBanner {
  const box = el('div', { id: 'held-runs', class: 'message', role: 'status', hidden: true });
  const refresh = (): void => {
    api<{ runs: readonly HeldRun[] }>('/api/runs/held').then(({ runs }) => {
      box.hidden = runs.length === 0;
      box.replaceChildren(
        el('b', {
          text:
            runs.length === 1 ? '1 held run waits for a decision:' : `${runs.length} held runs wait for a decision:`,
        }),
        el(
          'ul',
          {},
          runs.map((held) => heldItem(context.base, held)),
        ),
      );
    }, failed);
  };
  return { box, refresh };
}
