import type { Entry, HeldRun, LiveRun, RunChanges, RunLogLine } from './api-types.js';
import { badge } from './badge.js';
import type { ConsoleContext } from './console-context.js';
import { el } from './el.js';
import { count } from './format.js';
import { heldPanel } from './held-runs.js';
import { ledgerListing } from './ledger-listing.js';
import { liveProgress } from './live-runs.js';
import { failed } from './messages.js';
import { actionReport, type ActionReport } from './operator-action.js';
import { poll } from './poll.js';
import { api, unlessNotFound } from './request.js';
import { runLogTable } from './run-log.js';
import { connectorLink, runSummary } from './run-summary.js';

/** What the run page says when the ledger holds nothing for the run. */
const NO_CHANGES = 'No changes recorded for this run: nothing changed, or the sink does not report changes.';
/** How often a run in progress is read again. */
const REFRESH_MS = 2000;
const COUNTS = ['added', 'changed', 'cleared', 'left', 'flips'] as const;

/** The run's diff in counts: a row per field, by action; a field whose values flip back is flagged. */
function fieldCounts(changes: RunChanges): HTMLTableElement {
  return el('table', { id: 'change-counts' }, [
    el('thead', {}, [
      el(
        'tr',
        {},
        ['Field', 'Added', 'Changed', 'Cleared', 'Left', 'Flips'].map((h) => el('th', { text: h })),
      ),
    ]),
    el(
      'tbody',
      {},
      changes.fields.map((f) =>
        el('tr', { class: f.flips > 0 ? 'flipping' : '', 'data-field': f.field }, [
          el('td', {}, [
            f.field,
            f.flips > 0 &&
              el('span', {
                class: 'badge flip',
                title: 'some of its values undo their previous change: they flip back and forth across runs',
                text: 'flipping',
              }),
          ]),
          ...COUNTS.map((c) => el('td', { class: 'num', text: count(f[c]) })),
        ]),
      ),
    ),
  ]);
}

/** The sample of the run's changes: searchable by user and field, a page at a time. */
function sample(context: ConsoleContext, changes: RunChanges): HTMLElement {
  const listing = ledgerListing(context, { table: 'changes', count: 'changes-count' }, [
    'user',
    'field',
    'change',
    'action',
    'flip',
  ]);
  const user = el('input', { id: 'change-user', type: 'search', placeholder: 'user (UPN or email)', size: 32 });
  const field = el('select', { id: 'change-field' }, [
    el('option', { value: '', text: 'every field' }),
    ...changes.fields.map((f) => el('option', { value: f.field, text: f.field })),
  ]);
  const search = (): void => listing.show({ run: changes.runId, user: user.value.trim(), field: field.value });
  const form = el('form', { class: 'toolbar', id: 'change-search' }, [
    user,
    field,
    el('button', { type: 'submit', text: 'Search' }),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    search();
  });
  field.addEventListener('change', search);
  search();
  return el('div', {}, [form, listing.box]);
}

/** A run in progress or held, as the page shows it until it ends: `show` updates it in place. */
interface InProgress {
  readonly box: HTMLElement;
  show(live: LiveRun | undefined, held: HeldRun | undefined, lines: readonly RunLogLine[]): void;
}

/** The view of a run in progress: its connector and state, its live progress, the held panel, its log so far. */
function inProgress(context: ConsoleContext, runId: string, report: ActionReport, after: () => void): InProgress {
  const connector = el('span');
  const status = el('span');
  const progress = liveProgress(context, runId, report, after);
  const heldBox = el('div');
  const log = el('div');
  const box = el('div', {}, [
    el('div', { class: 'facts' }, [connector, el('span', {}, ['Status ', status])]),
    progress.box,
    heldBox,
    el('h3', { text: 'Log' }),
    log,
  ]);
  return {
    box,
    show(live, held, lines) {
      connector.replaceChildren(connectorLink(context, (live ?? held)?.nqlId ?? ''));
      status.replaceChildren(badge(held || live?.phase === 'held' ? 'held' : 'running'));
      progress.box.hidden = !live;
      if (live) progress.update(live);
      if (!held) heldBox.replaceChildren();
      else if (!heldBox.firstChild) heldBox.replaceChildren(heldPanel(context, held, report, after));
      log.replaceChildren(runLogTable(lines));
    },
  };
}

/** The view of a run that ended: its summary, its changes from the ledger, its log. */
async function finished(
  context: ConsoleContext,
  view: HTMLElement,
  runId: string,
  run: Entry | undefined,
  lines: readonly RunLogLine[],
): Promise<void> {
  const changes = await unlessNotFound(api<RunChanges>(`/api/runs/${encodeURIComponent(runId)}/changes`));
  view.replaceChildren(...runSummary(context, run, changes));
  if (!changes) view.appendChild(el('p', { id: 'no-changes', class: 'message', text: NO_CHANGES }));
  else
    view.append(
      el('h3', { text: 'Changes by field' }),
      fieldCounts(changes),
      el('h3', { text: 'The changes' }),
      sample(context, changes),
    );
  view.append(el('h3', { text: 'Log' }), runLogTable(lines));
}

/** What the page reads at each refresh. */
interface RunState {
  readonly live?: LiveRun;
  readonly held?: HeldRun;
  readonly run?: Entry;
  readonly lines: readonly RunLogLine[];
}

async function readRun(runId: string): Promise<RunState> {
  const path = `/api/runs/${encodeURIComponent(runId)}`;
  const [live, held, run, log] = await Promise.all([
    api<{ runs: readonly LiveRun[] }>('/api/runs/live'),
    api<{ runs: readonly HeldRun[] }>('/api/runs/held'),
    unlessNotFound(api<Entry>(path)),
    api<{ lines: readonly RunLogLine[] }>(`${path}/log`),
  ]);
  return {
    live: live.runs.find((r) => r.runId === runId),
    held: held.runs.find((r) => r.runId === runId),
    run,
    lines: log.lines,
  };
}

/**
 * A run's page. A run that ended: its counts, status and description from the execution log
 * (`GET /api/runs/:runId`), its changes by field and action from the change ledger, a sample of them
 * to search and page through, and its own log lines. A run in progress (`GET /api/runs/live`) or held
 * (`GET /api/runs/held`): its progress with **Cancel run**, or the held panel with **Approve** and
 * **Reject**, and its log so far, read again every 2 seconds until it ends; then the page shows it as
 * ended. What an action did stays above the run.
 */
export function runPage(context: ConsoleContext, runId: string): void {
  const report = actionReport();
  const view = el('div', { id: 'run' });
  context.app.append(el('h2', {}, ['Run ', el('code', { text: runId })]), report.box, view);
  let progress: InProgress | undefined;
  let missing = false;
  let ended = false;
  let busy = false;
  const refresh = (): void => {
    if (ended || busy) return;
    busy = true;
    readRun(runId)
      .then(async ({ live, held, run, lines }) => {
        if (live || held) {
          if (!progress) view.replaceChildren((progress = inProgress(context, runId, report, refresh)).box);
          progress.show(live, held, lines);
          return;
        }
        // A run that ended is logged a moment later; a run not seen yet may still start.
        if (!run && (progress || missing)) return;
        missing = !run;
        ended = Boolean(run);
        progress = undefined;
        await finished(context, view, runId, run, lines);
      })
      .catch(failed)
      .finally(() => (busy = false));
  };
  poll(refresh, REFRESH_MS);
}
