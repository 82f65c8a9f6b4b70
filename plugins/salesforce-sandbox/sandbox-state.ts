/**
 * Everything a request handler needs: options, the generated tables, sessions, cursors, the API usage
 * counter, statistics and the live fault settings.
 */
import type { BulkJobStore } from './bulk-job-store.js';
import type { CursorStore } from './cursor-store.js';
import type { SandboxFaults } from './faults.js';
import type { SandboxClock } from './latency-model.js';
import type { PageCache } from './page-cache.js';
import type { RowEdits } from './row-edits.js';
import type { ResolvedSandboxOptions } from './sandbox-options.js';
import type { SessionStore } from './session-store.js';
import type { SObjectCatalog } from './sobject-table.js';

export interface SandboxStats {
  /** Every HTTP request received. */
  requests: number;
  /** Requests to the token endpoint. */
  tokenRequests: number;
  /** Query, queryAll and locator requests (including refused ones). */
  queryRequests: number;
  /** Requests being answered right now, and the most there were at once. */
  inFlight: number;
  peakInFlight: number;
  /** Sum of the latency model's durations of every answer written (0 without the model). */
  modelledMs: number;
  /** Bulk API 2.0 query jobs created, aborted and deleted, and result requests served. */
  bulkJobsCreated: number;
  bulkJobsAborted: number;
  bulkJobsDeleted: number;
  bulkResultRequests: number;
}

/** The org's daily API request counter, as `Sforce-Limit-Info: api-usage=used/max` reports it. */
export interface ApiUsage {
  used: number;
  max: number;
}

export interface SandboxState {
  url: string;
  readonly options: ResolvedSandboxOptions;
  readonly orgId: string;
  readonly userId: string;
  readonly catalog: SObjectCatalog;
  /** The User table's edits (`sandbox.editUser`). */
  readonly edits: RowEdits;
  /** The org's wall clock (epoch ms): the `Date` of every answer, and the time an edit without a modstamp gets. */
  readonly orgNow: () => number;
  readonly sessions: SessionStore;
  readonly cursors: CursorStore;
  readonly pageCache: PageCache;
  readonly usage: ApiUsage;
  readonly stats: SandboxStats;
  readonly faults: SandboxFaults;
  readonly clock: SandboxClock;
  /** Modelled start times of the requests being answered (the long-transaction limit counts them). */
  readonly running: Set<{ readonly startedAt: number }>;
  readonly bulkJobs: BulkJobStore;
}
