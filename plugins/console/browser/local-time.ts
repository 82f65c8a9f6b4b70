import type { Value } from './api-types.js';
import { el } from './el.js';
import { when } from './format.js';

/** A time as the console shows it (`when`), with the UTC ISO string the API gave in its title. */
export function localTime(iso: Value): HTMLTimeElement {
  const utc = iso ? String(iso) : undefined;
  return el('time', { datetime: utc, title: utc, text: when(iso) });
}
