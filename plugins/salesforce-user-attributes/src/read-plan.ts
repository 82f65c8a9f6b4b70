import { MAX_STREAMS, type SalesforceParameters } from './parameters.js';
import { splitQuery, type QuerySplit } from './query-split.js';

/** Up to this many rows a REST read stays sequential: splitting would cost more requests than it saves time. */
const SEQUENTIAL_UP_TO = 10_000;
/**
 * An Id range's rows, when the query's rows spread evenly over the Id space, as a share of a page: a
 * range is read in one request, a little denser range still fits, and no page of a later range waits
 * in memory for the range before it to page to its end.
 */
const RANGE_SHARE_OF_PAGE = 0.95;
/** The fewest rows Salesforce puts in a page that is not the last (the smallest `batchSize` it takes). */
const MIN_PAGE_ROWS = 200;
/** Ranges at most, whatever the size of the query. */
const MAX_RANGES = 2_000;
/**
 * The host's own work on 1,000 rows of a page, in milliseconds: receiving and parsing them, mapping them
 * and writing them to the sink (about 50,000 rows/s on one core). Streams beyond the first page's
 * duration divided by this work would only queue for the CPU.
 */
const WORK_MS_PER_1000_ROWS = 20;
/**
 * The response bodies an Id-range read holds at once, in characters: pages requested or received and
 * not yet taken by the sink. A page weighs about three times its body while it is parsed and waits
 * (its text, that text without the `attributes` blocks, its records), and the garbage it leaves grows
 * the heap until the collector runs; the bodies in flight are buffered by the HTTP client as well. 24 Mi
 * characters are 34 pages of 2,000 users of six fields (725,000 characters each): more than the
 * streams Salesforce's latency calls for, within a peak RSS of 300 MiB for the whole run.
 */
const BODIES_HELD = 24 * 2 ** 20;
/** Pages held at once, at least (the range the sink reads and two more) and at most, whatever the page's size. */
const MIN_PAGES_HELD = 3;
const MAX_PAGES_HELD = 2 * MAX_STREAMS;
/** With fewer streams than this, `concurrency: auto` reads one page after the other: the two bounds, the
 * ranges' partial pages and the pages held in order cost more than two streams save. */
const MIN_AUTO_STREAMS = 3;

/** The query's pages one after the other, and why. */
interface SequentialPlan {
  readonly kind: 'sequential';
  readonly reason: string;
}

/** The query read as `ranges` Id ranges by `streams` streams at once, each range's query made by `split`. */
export interface RangesPlan {
  readonly kind: 'ranges';
  /** Why this many streams. */
  readonly reason: string;
  readonly streams: number;
  readonly ranges: number;
  /**
   * Pages held at once, requested or received and not yet taken by the sink: past it, a stream waits
   * before its next request (the range the sink reads never does).
   */
  readonly pages: number;
  readonly split: Extract<QuerySplit, { splittable: true }>;
}

/** A REST way of reading, for a known number of rows. */
export type RestPlan = SequentialPlan | RangesPlan;

/**
 * Read the query's first page, the cheap request that says how many rows there are (`totalSize`), then
 * go on as `planRead` decides with its answer. `bulkUnsupported`: why `api: bulk` reads with REST instead.
 */
export interface FirstPagePlan {
  readonly kind: 'first-page';
  readonly bulkUnsupported?: string;
}

/**
 * A Bulk API 2.0 query job, and what reads instead when Bulk cannot serve (Salesforce refuses the job,
 * or it fails): a REST way already chosen from the first page's `totalSize` (`api: auto`), or, when no
 * page was read before the job (`api: bulk`), the first page, then the REST way its answer decides.
 */
export interface BulkPlan {
  readonly kind: 'bulk';
  readonly reason: string;
  readonly fallback: RestPlan | FirstPagePlan;
}

/** How a run reads, and why: a value the readers execute (`read-users.ts`). */
export type ReadPlan = RestPlan | FirstPagePlan | BulkPlan;

/** What Salesforce answered to the query's first page. */
export interface FirstPageAnswer {
  /** Its `totalSize`: the rows the query returns. */
  readonly total: number;
  /** `done`: the first page holds every row. */
  readonly done: boolean;
  /** Its records. */
  readonly rows: number;
  /**
   * Milliseconds from sending its request (its last attempt, when retried) to its answer's last byte:
   * the org's latency for a page of `rows` rows.
   */
  readonly ms: number;
  /** The length of its body, in characters: what a page of the query weighs. */
  readonly bodyLength: number;
}

/** Why Bulk API 2.0 cannot run the query, found offline (compound fields are found by Salesforce). */
export function bulkUnsupported(query: string): string | undefined {
  const text = query.replace(/'(?:[^'\\]|\\.)*'/g, "''");
  const select = /^\s*select\b([\s\S]*?)\bfrom\b/i.exec(text)?.[1] ?? '';
  if (/\bgroup\s+by\b/i.test(text)) return 'Bulk API 2.0 does not run GROUP BY';
  if (/\boffset\b/i.test(text)) return 'Bulk API 2.0 does not run OFFSET';
  if (/\btypeof\b/i.test(select)) return 'Bulk API 2.0 does not run TYPEOF';
  if (select.includes('(')) return 'Bulk API 2.0 does not run aggregates, FIELDS() or sub-queries';
  return undefined;
}

/**
 * How many ranges a query of `total` rows is split into, for pages of `pageRows` rows (`MIN_PAGE_ROWS` at
 * least): ranges of
 * `RANGE_SHARE_OF_PAGE` of a page at most (one request each), two per stream at least so that a dense
 * range does not stall the run, `MAX_RANGES` at most.
 */
export function rangeCount(total: number, streams: number, pageRows: number): number {
  const rowsPerRange = Math.floor(Math.max(MIN_PAGE_ROWS, pageRows) * RANGE_SHARE_OF_PAGE);
  return Math.min(MAX_RANGES, Math.max(2 * streams, Math.ceil(total / rowsPerRange)));
}

/**
 * The streams that keep the host busy while the org answers, for a first page of `rows` rows that took
 * `ms`: one stream per share of the host's own work on such a page (`WORK_MS_PER_1000_ROWS`) in that
 * time, from 1 to `MAX_STREAMS`. An org that answers at once gets one stream, one with Salesforce's
 * latency (hundreds of milliseconds a page) about twenty.
 */
export function streamsFor(ms: number, rows: number): number {
  const workMs = (Math.max(1, rows) * WORK_MS_PER_1000_ROWS) / 1000;
  const streams = Math.floor(ms / workMs);
  return Number.isNaN(streams) ? 1 : Math.max(1, Math.min(MAX_STREAMS, streams));
}

/**
 * The pages whose bodies, each as long as the first page's (`bodyLength` characters), fit in
 * `BODIES_HELD`: from `MIN_PAGES_HELD` to `MAX_PAGES_HELD` (the most when the length is unknown, 0).
 */
export function pagesHeldFor(bodyLength: number): number {
  if (!(bodyLength > 0)) return MAX_PAGES_HELD;
  return Math.max(MIN_PAGES_HELD, Math.min(MAX_PAGES_HELD, Math.floor(BODIES_HELD / bodyLength)));
}

const count = (n: number): string => n.toLocaleString('en-US');

/** The streams `concurrency` asks for, and why: the configured number, or under `auto` as many as the first page's latency calls for (1: too few to pay). */
function chosenStreams(
  parameters: SalesforceParameters,
  answer: FirstPageAnswer,
): { streams: number; pages: number; reason: string } {
  const held = pagesHeldFor(answer.bodyLength);
  if (parameters.concurrency !== 'auto') {
    const streams = parameters.concurrency;
    return { streams, pages: Math.max(held, streams), reason: `concurrency is ${streams}` };
  }
  const latency = streamsFor(answer.ms, answer.rows);
  const reason = `concurrency is auto and the first page took ${count(Math.round(answer.ms))} ms for ${count(answer.rows)} rows`;
  if (latency < MIN_AUTO_STREAMS)
    return {
      streams: 1,
      pages: held,
      reason: `${reason}: too little latency for Id ranges to pay (from ${MIN_AUTO_STREAMS} streams)`,
    };
  if (latency <= held) return { streams: latency, pages: held, reason };
  return {
    streams: held,
    pages: held,
    reason: `${reason} (${count(answer.bodyLength)} characters): as many streams as pages held`,
  };
}

/** The REST way for the first page's answer: concurrent Id ranges for a large query the split preserves, else one page after the other. */
function restPlan(parameters: SalesforceParameters, answer: FirstPageAnswer): RestPlan {
  if (answer.done) return { kind: 'sequential', reason: 'one page' };
  if (parameters.concurrency === 1) return { kind: 'sequential', reason: 'concurrency is 1' };
  if (answer.total <= SEQUENTIAL_UP_TO)
    return {
      kind: 'sequential',
      reason: `${count(answer.total)} rows (concurrent Id ranges from ${count(SEQUENTIAL_UP_TO + 1)})`,
    };
  const split = splitQuery(parameters.query);
  if (!split.splittable)
    return { kind: 'sequential', reason: `the query cannot be split into Id ranges: ${split.reason}` };
  const { streams, pages, reason } = chosenStreams(parameters, answer);
  if (streams === 1) return { kind: 'sequential', reason };
  return { kind: 'ranges', reason, streams, pages, ranges: rangeCount(answer.total, streams, answer.rows), split };
}

/**
 * The one place that decides how a run reads, from its parameters and what Salesforce answered to the
 * query's first page (`answer`; absent before that page is read).
 *
 * - `api: bulk`, a query Bulk runs: a Bulk job at once, before any page; should it not serve, the first
 *   page, then REST. A first page read under `api: bulk` is that fallback's (or Bulk cannot run the
 *   query): its answer gives a REST way.
 * - otherwise, before the first page: read it. With its answer: under `api: auto`, Bulk from
 *   `bulkThreshold` rows when Bulk runs the query, with the REST way for that many rows as fallback;
 *   else that REST way.
 */
export function planRead(parameters: SalesforceParameters): FirstPagePlan | BulkPlan;
export function planRead(parameters: SalesforceParameters, answer: FirstPageAnswer): RestPlan | BulkPlan;
export function planRead(parameters: SalesforceParameters, answer?: FirstPageAnswer): ReadPlan {
  const problem = bulkUnsupported(parameters.query);
  if (answer === undefined) {
    if (parameters.api !== 'bulk') return { kind: 'first-page' };
    if (problem !== undefined) return { kind: 'first-page', bulkUnsupported: problem };
    return { kind: 'bulk', reason: 'api: bulk', fallback: { kind: 'first-page' } };
  }
  const rest = restPlan(parameters, answer);
  if (parameters.api !== 'auto' || problem !== undefined || answer.done || answer.total < parameters.bulkThreshold)
    return rest;
  return {
    kind: 'bulk',
    reason: `api: auto and ${count(answer.total)} rows (bulkThreshold ${count(parameters.bulkThreshold)})`,
    fallback: rest,
  };
}

/** One line for `check`: how a run of this configuration would read `total` rows. */
export function describeReadPlan(parameters: SalesforceParameters, total: number): string {
  const start = planRead(parameters);
  // check reads pages of 200 rows: whether a run's first page holds every row, and how long it takes,
  // it cannot tell. The slowest first page shows whether Id ranges are possible at all.
  const slowest = {
    total,
    done: false,
    rows: Math.min(total, parameters.batchSize),
    ms: Number.POSITIVE_INFINITY,
    bodyLength: 0,
  };
  const plan = start.kind === 'first-page' ? planRead(parameters, slowest) : start;
  const note =
    start.kind === 'first-page' && start.bulkUnsupported !== undefined
      ? ` (api: bulk, but ${start.bulkUnsupported}: read with the REST API)`
      : '';
  if (plan.kind === 'bulk') return `A run reads with Bulk API 2.0 (${plan.reason})`;
  if (plan.kind === 'ranges' && parameters.concurrency === 'auto')
    return `A run reads the REST query API in Id ranges, as many streams at once as the latency of its first page calls for (up to ${MAX_STREAMS}), or one page after the other when that latency is low${note}`;
  if (plan.kind === 'ranges')
    return `A run reads the REST query API in Id ranges, ${plan.streams} streams at once${note}`;
  return `A run reads the REST query API one page after the other: ${plan.reason}${note}`;
}
