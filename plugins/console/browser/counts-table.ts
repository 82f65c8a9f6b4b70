import { el } from './el.js';

/** One count in a counts table: its heading, its cell's `data-count` and its text. */
export interface CountCell {
  readonly heading: string;
  readonly name: string;
  readonly text: string;
}

/** A table of one row of counts, `#id`: a heading above each count, each cell `.num` with its `data-count`. */
export function countsTable(id: string, cells: readonly CountCell[]): HTMLTableElement {
  return el('table', { id }, [
    el('thead', {}, [
      el(
        'tr',
        {},
        cells.map((cell) => el('th', { text: cell.heading })),
      ),
    ]),
    el('tbody', {}, [
      el(
        'tr',
        {},
        cells.map((cell) => el('td', { class: 'num', 'data-count': cell.name, text: cell.text })),
      ),
    ]),
  ]);
}
