import type { LiveRun } from './api-types.js';
import type { ConsoleContext } from './console-context.js';
import { el } from './el.js';
import { age, count } from './format.js';
import { localTime } from './local-time.js';
import { operatorAction, type ActionReport } from './operator-action.js';

/** A run's progress as the page shows it, updated in place at each poll (the cancel button keeps its state). */
export interface LiveProgress {
  readonly box: HTMLElement;
  update(live: LiveRun): void;
}

/** Rows per second: one decimal below 10, whole above. */
const rate = (perSecond: number): string => (perSecond < 10 ? perSecond.toFixed(1) : count(Math.round(perSecond)));

/** A labelled figure of the progress, `#live-<name>`. */
function figure(name: string, label: string): [HTMLSpanElement, HTMLElement] {
  const value = el('b', { id: `live-${name}` });
  return [el('span', {}, [`${label} `, value]), value];
}

/**
 * A run in progress (`GET /api/runs/live`): its phase, rows received (of those the source announced) and
 * processed, rows per second, the time left, a progress bar, and **Cancel run** (a POST with the token,
 * after a confirm step). Once a cancel was asked for, it says by whom and when instead.
 */
export function liveProgress(
  context: ConsoleContext,
  runId: string,
  report: ActionReport,
  after: () => void,
): LiveProgress {
  const [phaseBox, phase] = figure('phase', 'Phase');
  const [startedBox, started] = figure('started', 'Started');
  const [receivedBox, received] = figure('received', 'Received');
  const [processedBox, processed] = figure('processed', 'Processed');
  const [rateBox, perSecond] = figure('rate', 'Rows/s');
  const [etaBox, eta] = figure('eta', 'Time left');
  const bar = el('progress', { id: 'live-bar' });
  const cancel = operatorAction(
    context,
    {
      id: 'cancel-run',
      label: 'Cancel run',
      question: 'Cancel this run? It fails and commits nothing.',
      confirm: 'Yes, cancel it',
      path: `/api/runs/${encodeURIComponent(runId)}/cancel`,
    },
    report,
    after,
  );
  const requested = el('p', { id: 'cancel-requested', class: 'muted', hidden: true });
  const box = el('section', { id: 'live' }, [
    el('h3', { text: 'In progress' }),
    el('div', { class: 'facts' }, [phaseBox, startedBox, receivedBox, processedBox, rateBox, etaBox]),
    bar,
    el('div', { class: 'toolbar' }, [cancel]),
    requested,
  ]);
  const update = (live: LiveRun): void => {
    phase.textContent = live.phase;
    started.replaceChildren(localTime(live.startedAt));
    received.textContent =
      live.expectedRows === undefined
        ? count(live.receivedRows)
        : `${count(live.receivedRows)} of ${count(live.expectedRows)}`;
    processed.textContent = count(live.processedRows);
    perSecond.textContent = rate(live.rowsPerSecond);
    eta.textContent = live.etaSeconds === undefined || live.phase !== 'reading' ? '—' : age(live.etaSeconds);
    if (live.expectedRows) {
      bar.max = live.expectedRows;
      bar.value = Math.min(live.receivedRows, live.expectedRows);
    } else bar.removeAttribute('value');
    const asked = live.cancelRequested;
    requested.hidden = !asked;
    cancel.hidden = Boolean(asked) || live.phase === 'held';
    if (asked) requested.replaceChildren(`Cancel requested by ${asked.by} at `, localTime(asked.at), '.');
  };
  return { box, update };
}
