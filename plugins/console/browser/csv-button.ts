import { download } from './download.js';
import { el } from './el.js';
import { count } from './format.js';
import { failed } from './messages.js';

/** What a CSV button downloads: the whole result of `nql`, `total` entries, saved as `filename`. */
export interface CsvExport {
  readonly id: string;
  readonly nql: string;
  readonly total: number;
  readonly filename: string;
}

/**
 * **Download CSV (all N)**: the whole result of an NQL query over the execution log, streamed by the
 * server from `GET /api/runs.csv`, not only the page on screen; fetched with the token.
 */
export function csvButton({ id, nql, total, filename }: CsvExport): HTMLButtonElement {
  const csv = el('button', {
    id,
    class: 'secondary',
    text: `Download CSV (all ${count(total)})`,
    title: 'every entry the query returns, as CSV',
  });
  csv.addEventListener('click', () => {
    csv.disabled = true;
    download(`/api/runs.csv?nql=${encodeURIComponent(nql)}`, filename).then(
      () => {
        csv.disabled = false;
      },
      (error: unknown) => {
        csv.disabled = false;
        failed(error);
      },
    );
  });
  return csv;
}
