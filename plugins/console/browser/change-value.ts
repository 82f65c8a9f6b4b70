import type { ChangeAction } from './api-types.js';
import { el } from './el.js';

/** A stored value as text: `(none)` for no value at all, `(empty)` for an empty text, both muted. */
export function storedValue(value: string | number | null | undefined): HTMLSpanElement {
  if (value === null || value === undefined) return el('span', { class: 'muted', text: '(none)' });
  if (value === '') return el('span', { class: 'muted', text: '(empty)' });
  return el('span', { class: 'value', text: String(value) });
}

/** A change of value: `old → new`. */
export function oldToNew(
  oldValue: string | number | null | undefined,
  newValue: string | number | null | undefined,
): readonly Node[] {
  return [storedValue(oldValue), document.createTextNode(' → '), storedValue(newValue)];
}

/** What a commit does or would do to a field (`added`, `changed`, `cleared`, `left`, `unchanged`), as a label. */
export function actionLabel(action: ChangeAction | 'unchanged'): HTMLSpanElement {
  return el('span', { class: `action ${action}`, text: action });
}
