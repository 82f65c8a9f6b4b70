import type { Value } from './api-types.js';
import { el } from './el.js';

/** A run status (`success`, `partial`, `failure`, `running`) as a coloured label. */
export function badge(status: Value): HTMLSpanElement {
  return el('span', { class: `badge ${String(status)}`, text: String(status) });
}
