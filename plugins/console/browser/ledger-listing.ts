import type { LedgerPage } from './api-types.js';
import { changeTable, type ChangeColumn } from './change-table.js';
import type { ConsoleContext } from './console-context.js';
import { el } from './el.js';
import { failed, say } from './messages.js';
import { pager } from './pager.js';
import { api } from './request.js';

/** Changes a page of a listing shows. */
const PAGE = 25;

/** A paged listing of the change ledger: `box` shows what `show` asked for. */
export interface LedgerListing {
  readonly box: HTMLDivElement;
  /** Lists the entries matching `filter` (the query of `GET /api/changes`; empty values are left out) from `offset`. */
  show(filter: Readonly<Record<string, string>>, offset?: number): void;
}

/** Where a listing puts its table and its count. */
export interface ListingIds {
  readonly table: string;
  readonly count: string;
}

/** One page at a time of `GET /api/changes`, newest first, as a table of `columns` with paging. */
export function ledgerListing(
  context: ConsoleContext,
  ids: ListingIds,
  columns: readonly ChangeColumn[],
): LedgerListing {
  const box = el('div');
  const show = (filter: Readonly<Record<string, string>>, offset = 0): void => {
    const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== ''));
    query.set('offset', String(offset));
    query.set('limit', String(PAGE));
    api<LedgerPage>(`/api/changes?${query.toString()}`).then((page) => {
      say('');
      box.textContent = '';
      const paging = pager(ids.count, 'changes', { ...page, shown: page.entries.length }, PAGE, (to) =>
        show(filter, to),
      );
      box.appendChild(el('div', { class: 'toolbar' }, paging));
      if (page.entries.length) box.appendChild(changeTable(context, ids.table, page.entries, columns));
    }, failed);
  };
  return { box, show };
}
