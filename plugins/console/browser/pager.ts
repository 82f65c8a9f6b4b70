import { el } from './el.js';
import { count } from './format.js';

/** Where a page of a list the server pages stands: its offset, the rows it shows, the rows there are. */
export interface PageState {
  readonly offset: number;
  readonly shown: number;
  readonly total: number;
}

function pageButton(text: string, disabled: boolean, onClick: () => void): HTMLButtonElement {
  const button = el('button', { class: 'secondary', text, disabled });
  button.addEventListener('click', onClick);
  return button;
}

/**
 * Paging through a list the server pages, `size` rows at a time: `entries 1–100 of 105` (in an element
 * with the id `id`), **← previous** and **next →**, which call `go` with the offset to show.
 */
export function pager(
  id: string,
  noun: string,
  page: PageState,
  size: number,
  go: (offset: number) => void,
): readonly HTMLElement[] {
  const shown =
    page.total === 0
      ? `no ${noun}`
      : `${noun} ${count(page.offset + 1)}–${count(page.offset + page.shown)} of ${count(page.total)}`;
  return [
    el('span', { id, text: shown }),
    pageButton('← previous', page.offset === 0, () => go(Math.max(0, page.offset - size))),
    pageButton('next →', page.offset + size >= page.total, () => go(page.offset + size)),
  ];
}
