/**
 * Pre-rendered queries for the benchmark: every page's `records` array is rendered once at start and
 * kept as a Buffer, so serving a page costs a header and a socket write. A request hits the cache when
 * its endpoint, API version, page size and SOQL (whitespace collapsed) match a pre-rendered query.
 * Memory: the full JSON of every record, kept for the sandbox's lifetime, or until the first edit of a
 * row (`sandbox.editUser`), which drops every pre-rendered page: queries are then rendered live.
 */
import { compileRecordRenderer, renderRecords, type RecordRenderer } from './page-renderer.js';
import { executePlan, planQuery, type QueryResult } from './query-plan.js';
import { parseSoql } from './soql-parser.js';
import type { SObjectCatalog } from './sobject-table.js';

export interface PreparedQuery {
  /** `SELECT COUNT()`: answered with `result.total` and no records. */
  readonly count: boolean;
  readonly result: QueryResult;
  readonly render: RecordRenderer;
  readonly pages?: readonly Buffer[];
}

export interface QueryKey {
  readonly soql: string;
  readonly version: string;
  readonly batchSize: number;
  readonly queryAll: boolean;
}

function keyOf(key: QueryKey): string {
  return `${key.queryAll ? 'queryAll' : 'query'} v${key.version} ${key.batchSize} ${key.soql.trim().replace(/\s+/g, ' ')}`;
}

/** Parses, plans and runs a query (throws ApiError on bad SOQL). */
export function prepareQuery(catalog: SObjectCatalog, key: QueryKey): PreparedQuery {
  const plan = planQuery(catalog, parseSoql(key.soql));
  return {
    count: plan.count,
    result: executePlan(plan, key.queryAll),
    render: compileRecordRenderer(plan.table, plan.columns, key.version),
  };
}

export class PageCache {
  private readonly entries = new Map<string, PreparedQuery>();
  private bytes = 0;

  /** Renders every page of the query now. */
  prerender(catalog: SObjectCatalog, key: QueryKey): void {
    const prepared = prepareQuery(catalog, key);
    const pages: Buffer[] = [];
    for (let offset = 0; !prepared.count && (offset < prepared.result.total || offset === 0); offset += key.batchSize) {
      const page = Buffer.from(renderRecords(prepared.result, prepared.render, offset, key.batchSize));
      this.bytes += page.length;
      pages.push(page);
    }
    this.entries.set(keyOf(key), { ...prepared, pages });
  }

  get(key: QueryKey): PreparedQuery | undefined {
    return this.entries.get(keyOf(key));
  }

  /** Drops every pre-rendered query (a row was edited: their pages are stale). */
  invalidate(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  /** Bytes held by pre-rendered pages. */
  get size(): number {
    return this.bytes;
  }
}
