import { FatalError, type SourceRecord } from 'tributary-kit';
import { describeUrl } from './map-http-error.js';
import { evaluate, type PageExpressions } from './page-expressions.js';
import type { Pagination } from './parameters.js';
import type { RestJsonClient } from './rest-json-client.js';

export interface Page {
  readonly records: SourceRecord[];
  readonly body: unknown;
  /**
   * The API points at a further page: a next link or cursor, or (offset and page-number styles) a full
   * page, which is taken as a sign of more.
   */
  readonly hasNext?: boolean;
}

export interface PagingOptions {
  readonly pagination: Pagination;
  readonly expressions: PageExpressions;
  /** True when no further page is wanted (row limit reached or the host asked to stop). */
  readonly done: (received: number) => boolean;
  /** Extra query parameters of the first request, kept on the pages built from it (a change read's since). */
  readonly query?: Readonly<Record<string, string>>;
}

/** The records of one page body: an array, a single object, or nothing. */
async function recordsOf(expressions: PageExpressions, body: unknown, url: string): Promise<SourceRecord[]> {
  const value = await evaluate(expressions.records, body);
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  if (list.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) {
    throw new FatalError(
      'REST_RECORDS_NOT_OBJECTS',
      `recordsPath "${expressions.records.source}" does not give objects on the page of ${describeUrl(url)}`,
    );
  }
  return list as SourceRecord[];
}

function withQuery(url: string, params: Readonly<Record<string, string | number>>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, String(value));
  return target.href;
}

/** Non-empty string (or number) from the page body, else undefined: where paging stops. */
async function token(expressions: PageExpressions, body: unknown): Promise<string | undefined> {
  const value = expressions.next ? await evaluate(expressions.next, body) : undefined;
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** URL of the request after `page` (the n-th page, 0-based), or undefined when the last page was read. */
async function nextUrl(
  first: string,
  current: string,
  page: Page,
  n: number,
  options: PagingOptions,
): Promise<string | undefined> {
  const { pagination, expressions } = options;
  switch (pagination.style) {
    case 'none':
      return undefined;
    case 'next-link': {
      const link = await token(expressions, page.body);
      return link === undefined ? undefined : new URL(link, current).href;
    }
    case 'cursor': {
      const cursor = await token(expressions, page.body);
      return cursor === undefined || page.records.length === 0
        ? undefined
        : withQuery(first, { [pagination.cursorParam]: cursor });
    }
    case 'page-number':
      return page.records.length < pagination.pageSize
        ? undefined
        : withQuery(first, pageNumberParams(pagination, n + 1));
    case 'offset':
      return page.records.length < pagination.pageSize
        ? undefined
        : withQuery(first, offsetParams(pagination, (n + 1) * pagination.pageSize));
  }
}

function pageNumberParams(p: Extract<Pagination, { style: 'page-number' }>, n: number): Record<string, number> {
  return { [p.pageParam]: p.startPage + n, ...(p.sizeParam ? { [p.sizeParam]: p.pageSize } : {}) };
}

function offsetParams(p: Extract<Pagination, { style: 'offset' }>, offset: number): Record<string, number> {
  return { [p.offsetParam]: offset, [p.limitParam]: p.pageSize };
}

/** The first request: page-number and offset styles put their parameters on it too. */
function firstRequest(url: string, pagination: Pagination): string {
  if (pagination.style === 'page-number') return withQuery(url, pageNumberParams(pagination, 0));
  if (pagination.style === 'offset') return withQuery(url, offsetParams(pagination, 0));
  return url;
}

/**
 * Fetches page after page, one request at a time, until the API has no more or `done` says stop.
 * A next link or cursor that repeats would loop forever: it fails the run instead.
 */
export async function* fetchPages(client: RestJsonClient, options: PagingOptions): AsyncGenerator<Page> {
  const first = options.query ? withQuery(await client.firstUrl(), options.query) : await client.firstUrl();
  const seen = new Set<string>();
  let url: string | undefined = firstRequest(first, options.pagination);
  let received = 0;
  for (let n = 0; url !== undefined; n++) {
    if (seen.has(url))
      throw new FatalError(
        'REST_PAGINATION_LOOP',
        `pagination returned to a page already read (${describeUrl(url)}): stopped`,
      );
    seen.add(url);
    const fetched = await client.get(url);
    const page: Page = { records: await recordsOf(options.expressions, fetched.body, url), body: fetched.body };
    received += page.records.length;
    const next = await nextUrl(first, fetched.url, page, n, options);
    yield { ...page, hasNext: next !== undefined };
    if (options.done(received)) return;
    url = next;
  }
}

/** The first page only (or undefined when there is none), as `check` and the source count read it. */
export async function firstPage(
  client: RestJsonClient,
  pagination: Pagination,
  expressions: PageExpressions,
): Promise<Page | undefined> {
  const { value } = await fetchPages(client, { pagination, expressions, done: () => true }).next();
  return value ?? undefined;
}
