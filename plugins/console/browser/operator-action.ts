import type { ActionOutcome } from './api-types.js';
import type { ConsoleContext } from './console-context.js';
import { el } from './el.js';
import { api } from './request.js';
import { token } from './token.js';

/** Where the run page says what an operator action did: the server's message, or why it did nothing. */
export interface ActionReport {
  readonly box: HTMLParagraphElement;
  show(text: string, kind?: 'error'): void;
}

/** An empty report, `#action-outcome`, filled by the actions. */
export function actionReport(): ActionReport {
  const box = el('p', { id: 'action-outcome', role: 'status', hidden: true });
  return {
    box,
    show(text, kind) {
      box.textContent = text;
      box.className = kind ? `message ${kind}` : 'message';
      box.hidden = !text;
    },
  };
}

/** One operator action on a run: a POST with the token, asked for once more before it is sent. */
export interface OperatorAction {
  /** The button's id; the confirm step's buttons are `confirm-<id>` and `keep-<id>`. */
  readonly id: string;
  readonly label: string;
  /** What the confirm step asks. */
  readonly question: string;
  /** The label of the button that sends it. */
  readonly confirm: string;
  /** The API path it posts to. */
  readonly path: string;
  readonly secondary?: boolean;
}

/** Why an operator action cannot be sent from this page, or undefined when it can. */
export function refusal(context: ConsoleContext): string | undefined {
  if (!context.writable) return 'read-only: the server has no token';
  if (!token()) return 'enter the operator token at the top right first';
  return undefined;
}

/**
 * A button for `action`: a click asks `action.question` with a confirm and a keep button; the confirm
 * posts, `report` shows the outcome (an error for a refusal: unknown run, decided already, no host to
 * do it), and `after` runs either way. Disabled on a read-only server and without a token in this tab.
 */
export function operatorAction(
  context: ConsoleContext,
  action: OperatorAction,
  report: ActionReport,
  after: () => void,
): HTMLSpanElement {
  const why = refusal(context);
  const button = el('button', {
    id: action.id,
    class: action.secondary ? 'secondary' : '',
    disabled: why !== undefined,
    title: why ?? action.question,
    text: action.label,
  });
  const yes = el('button', { id: `confirm-${action.id}`, text: action.confirm });
  const no = el('button', { id: `keep-${action.id}`, class: 'secondary', text: 'No' });
  // Plain spans: an element the page hides by its `hidden` attribute takes no `display` from the stylesheet.
  const ask = el('span', { class: 'confirm', hidden: true }, [action.question, ' ', yes, ' ', no]);
  const box = el('span', {}, [button, ask]);
  const asking = (on: boolean): void => {
    ask.hidden = !on;
    button.hidden = on;
  };
  button.addEventListener('click', () => asking(true));
  no.addEventListener('click', () => asking(false));
  yes.addEventListener('click', () => {
    yes.disabled = true;
    api<ActionOutcome>(action.path, 'POST')
      .then(
        (outcome) => report.show(outcome.message),
        (error: unknown) => report.show(error instanceof Error ? error.message : String(error), 'error'),
      )
      .finally(() => {
        yes.disabled = false;
        asking(false);
        after();
      });
  });
  return box;
}
