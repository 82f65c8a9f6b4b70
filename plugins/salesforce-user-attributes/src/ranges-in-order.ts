import { CancelledError } from '../../../core/index.js';
import { queryPages, type PageSource } from './query-pages.js';
import type { QueryPage, QueryPlan } from './salesforce-client.js';

export interface RangesInOrderOptions {
  /** Ranges read at once. */
  readonly streams: number;
  /** Pages held for ranges the sink does not need yet; past it, those streams wait (the next range's never does). */
  readonly budgetPages: number;
  readonly prefetch: number;
  /** Stop once this many rows went out; no range is read past the rows the limit keeps. */
  readonly maxRows: number;
  readonly stopRequested: () => boolean;
  readonly signal: AbortSignal;
  /** The page source of range `index` (its requests queue with that priority). */
  readonly source: (index: number) => PageSource;
  /** A range's first page said how many rows it has. */
  readonly onTotal: (index: number, totalSize: number) => void;
}

interface Slot {
  readonly pages: QueryPage[];
  received: number;
  done: boolean;
}

/**
 * Reads the queries of consecutive Id ranges with several streams and hands their pages out in range
 * order (each range ascending by Id), so that what reaches the sink never depends on timing. Pages of
 * later ranges wait in memory, at most `budgetPages` of them plus one per stream. Every stream pages with
 * `queryPages` (prefetch, stop and limit checks per stream). A stream stops once the ranges up to its own
 * hold `maxRows` rows: the rows past the limit are never the ones the sink needs.
 */
export async function* rangesInOrder(plans: readonly QueryPlan[], options: RangesInOrderOptions): AsyncGenerator<QueryPage> {
  const slots: Slot[] = plans.map(() => ({ pages: [], received: 0, done: false }));
  const local = new AbortController();
  const signal = AbortSignal.any([options.signal, local.signal]);
  let waiters: (() => void)[] = [];
  const changed = (): Promise<void> => new Promise((resolve) => waiters.push(resolve));
  const notify = (): void => {
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake();
  };
  let next = 0;
  let head = 0;
  let buffered = 0;
  let stopped = false;
  let failure: { error: unknown } | undefined;
  const rowsThrough = (index: number): number => {
    let rows = 0;
    for (let k = 0; k <= index; k++) rows += (slots[k] as Slot).received;
    return rows;
  };

  const readRange = async (index: number): Promise<void> => {
    const slot = slots[index] as Slot;
    const paging = {
      prefetch: options.prefetch,
      maxRows: options.maxRows,
      stopRequested: () => stopped || options.stopRequested() || rowsThrough(index) >= options.maxRows,
      signal,
    };
    let first = true;
    for await (const page of queryPages(options.source(index), plans[index] as QueryPlan, paging)) {
      if (first && page.totalSize !== undefined) options.onTotal(index, page.totalSize);
      first = false;
      slot.pages.push(page);
      slot.received += page.records.length;
      buffered += 1;
      notify();
      while (!stopped && index !== head && buffered >= options.budgetPages) await changed();
      if (stopped) return;
    }
  };
  const worker = async (): Promise<void> => {
    try {
      while (!stopped) {
        const index = next++;
        if (index >= plans.length) return;
        if (index === 0 || rowsThrough(index - 1) < options.maxRows) await readRange(index);
        (slots[index] as Slot).done = true;
        notify();
      }
    } catch (error) {
      if (!stopped && failure === undefined) failure = { error };
      stopped = true;
      local.abort();
      notify();
    }
  };
  const workers = Array.from({ length: Math.min(options.streams, plans.length) }, worker);

  try {
    let emitted = 0;
    for (head = 0; head < plans.length; head++) {
      const slot = slots[head] as Slot;
      notify(); // a stream waiting on the budget may be reading the new head
      for (;;) {
        if (failure) throw failure.error;
        const page = slot.pages.shift();
        if (page) {
          buffered -= 1;
          notify();
          emitted += page.records.length;
          yield page;
          if (options.signal.aborted) throw new CancelledError('Salesforce query cancelled');
          if (options.stopRequested() || emitted >= options.maxRows) return;
        } else if (slot.done) {
          break;
        } else {
          await changed();
        }
      }
    }
    if (failure) throw failure.error;
  } finally {
    stopped = true;
    local.abort();
    notify();
    await Promise.allSettled(workers);
  }
}
