import { FatalError } from 'tributary-kit';

/** Consecutive empty pages that say more records follow before the query is judged to loop. */
const MAX_EMPTY_PAGES = 5;

/** How the messages name what is paged. */
export interface PagingNames {
  /** What leads to the next page: `nextRecordsUrl`, `Bulk API 2.0 job 750…'s Sforce-Locator`. */
  readonly cursor: string;
  /** The answers, in the plural: `pages`, `result sets of Bulk API 2.0 job 750…`. */
  readonly pages: string;
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * Fails paging that does not advance with `SF_PAGING_LOOP` (fatal), whatever the cursor: REST's
 * `nextRecordsUrl` or a Bulk result set's `Sforce-Locator`. A cursor followed a second time, or
 * MAX_EMPTY_PAGES empty pages in a row that say more follow, would never end on its own: no row
 * arrives, or the same rows again, and the row limit alone cannot stop it.
 */
export class PagingGuard {
  readonly #followed = new Set<string>();
  #emptyPages = 0;

  constructor(private readonly names: PagingNames) {}

  /** A page of `rows` rows arrived; `more`: it says more records follow. */
  received(rows: number, more: boolean): void {
    this.#emptyPages = rows === 0 && more ? this.#emptyPages + 1 : 0;
    if (this.#emptyPages >= MAX_EMPTY_PAGES)
      throw this.#loop(`${MAX_EMPTY_PAGES} empty ${this.names.pages} in a row said more records follow`);
  }

  /** The cursor about to be followed; throws when it was followed before. */
  follow(cursor: string): string {
    if (this.#followed.has(cursor)) throw this.#loop(`${this.names.cursor} ${cursor} came back a second time`);
    this.#followed.add(cursor);
    return cursor;
  }

  #loop(what: string): FatalError {
    return new FatalError(
      'SF_PAGING_LOOP',
      `Salesforce paging does not advance: ${what}; the query was stopped (a proxy or the org misbehaves)`,
      { details: this.names.details },
    );
  }
}
