import { traceSpan } from 'tributary-kit';
import { PageBudget } from './page-budget.js';
import { queryPages, type PageSource } from './query-pages.js';
import type { QueryPage, QueryPlan } from './salesforce-client.js';

/** How {@link RangeStreams} and `rangesInOrder` read the ranges. */
export interface RangesInOrderOptions {
  /** Ranges read at once. */
  readonly streams: number;
  /**
   * Pages held at once, requested or received, until the sink takes them (`PageBudget`): past it, a
   * stream waits before its next request (the range the sink reads never does).
   */
  readonly pages: number;
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

/** What one range's stream has read so far. */
interface Slot {
  readonly pages: QueryPage[];
  received: number;
  /** Tickets of the budget this range holds: its pages requested or received, not yet taken. */
  tickets: number;
  done: boolean;
}

/** Wakes, at once, everyone waiting for the shared state to change. */
class ChangeSignal {
  #waiters: (() => void)[] = [];

  changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  notify(): void {
    const woken = this.#waiters;
    this.#waiters = [];
    for (const wake of woken) wake();
  }
}

/**
 * The streams of an Id-range read and what they share: each stream takes the next range nobody has taken
 * and pages it into that range's slot; before each request it takes a ticket of the read's `PageBudget`,
 * given back when the sink takes the page, so that at most `pages` pages are in flight or waiting for
 * the sink, whatever the streams (the range the sink needs, `head`, may go past it). The first failure
 * stops every stream and is thrown to the reader of the pages (`takePage`).
 */
export class RangeStreams {
  readonly #plans: readonly QueryPlan[];
  readonly #options: RangesInOrderOptions;
  readonly #slots: Slot[];
  readonly #change = new ChangeSignal();
  readonly #local = new AbortController();
  readonly #signal: AbortSignal;
  readonly #budget: PageBudget;
  #next = 0;
  #stopped = false;
  #failure: { error: unknown } | undefined;

  constructor(plans: readonly QueryPlan[], options: RangesInOrderOptions) {
    this.#plans = plans;
    this.#options = options;
    this.#slots = plans.map(() => ({ pages: [], received: 0, tickets: 0, done: false }));
    this.#budget = new PageBudget(options.pages);
    this.#signal = AbortSignal.any([options.signal, this.#local.signal]);
  }

  /** Starts the streams; each promise settles when its stream has nothing more to read. */
  start(): Promise<void>[] {
    return Array.from({ length: Math.min(this.#options.streams, this.#plans.length) }, () => this.#stream());
  }

  /** The sink now needs range `index`: a stream waiting on the budget may be reading it. */
  setHead(index: number): void {
    this.#budget.setHead(index);
  }

  /** The next page of range `index`, waiting for it; undefined once that range is read to its end. */
  async takePage(index: number): Promise<QueryPage | undefined> {
    const slot = this.#slots[index] as Slot;
    for (;;) {
      if (this.#failure) throw this.#failure.error;
      const page = slot.pages.shift();
      if (page) {
        slot.tickets -= 1;
        this.#budget.give();
        return page;
      }
      if (slot.done) return undefined;
      await this.#change.changed();
    }
  }

  /** Throws the streams' failure, if one failed. */
  throwFailure(): void {
    if (this.#failure) throw this.#failure.error;
  }

  /** Stops every stream: requests in flight are aborted. */
  stop(): void {
    this.#stopped = true;
    this.#local.abort();
    this.#change.notify();
  }

  /** Rows received by the ranges up to `index`, included. */
  #rowsThrough(index: number): number {
    let rows = 0;
    for (let k = 0; k <= index; k++) rows += (this.#slots[k] as Slot).received;
    return rows;
  }

  async #stream(): Promise<void> {
    try {
      while (!this.#stopped) {
        const index = this.#next++;
        if (index >= this.#plans.length) return;
        if (index === 0 || this.#rowsThrough(index - 1) < this.#options.maxRows) await this.#tracedRange(index);
        (this.#slots[index] as Slot).done = true;
        this.#change.notify();
      }
    } catch (error) {
      if (!this.#stopped && this.#failure === undefined) this.#failure = { error };
      this.stop();
    }
  }

  /**
   * Range `index` read in its own span (`salesforce.id_range`), the parent of its page requests' spans:
   * its place among the ranges, then the rows and pages it gave.
   */
  #tracedRange(index: number): Promise<void> {
    const slot = this.#slots[index] as Slot;
    const attributes = { 'salesforce.range.index': index, 'salesforce.range.count': this.#plans.length };
    return traceSpan('salesforce.id_range', attributes, async (span) => {
      const read = { pages: 0 };
      try {
        await this.#readRange(index, read);
      } finally {
        span.setAttributes({ 'salesforce.range.rows': slot.received, 'salesforce.range.pages': read.pages });
      }
    });
  }

  /** Pages range `index` into its slot, counting them in `read`; stops once the ranges up to it hold `maxRows` rows. */
  async #readRange(index: number, read: { pages: number }): Promise<void> {
    const options = this.#options;
    const slot = this.#slots[index] as Slot;
    const paging = {
      prefetch: options.prefetch,
      maxRows: options.maxRows,
      stopRequested: () => this.#stopped || options.stopRequested() || this.#rowsThrough(index) >= options.maxRows,
      signal: this.#signal,
    };
    try {
      for await (const page of queryPages(this.#ticketed(index), this.#plans[index] as QueryPlan, paging)) {
        if (read.pages === 0 && page.totalSize !== undefined) options.onTotal(index, page.totalSize);
        read.pages += 1;
        slot.pages.push(page);
        slot.received += page.records.length;
        this.#change.notify();
        if (this.#stopped) return;
      }
    } finally {
      // Every request of the range has settled: tickets of pages that never reached the slot go back.
      this.#budget.give(slot.tickets - slot.pages.length);
      slot.tickets = slot.pages.length;
    }
  }

  /** Range `index`'s page source, each request after a ticket of the budget. */
  #ticketed(index: number): PageSource {
    const source = this.#options.source(index);
    const slot = this.#slots[index] as Slot;
    const ticket = async (signal: AbortSignal): Promise<void> => {
      await this.#budget.take(index, signal);
      slot.tickets += 1;
    };
    return {
      firstPage: async (plan, signal) => {
        await ticket(signal);
        return source.firstPage(plan, signal);
      },
      nextPage: async (url, signal) => {
        await ticket(signal);
        return source.nextPage(url, signal);
      },
    };
  }
}
