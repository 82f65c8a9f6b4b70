/**
 * Starts the Salesforce-compatible sandbox: an HTTP server on 127.0.0.1 serving the OAuth token endpoint
 * and the REST query API over generated, seeded User and Account tables.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAccountTable } from './account-table.js';
import { BulkJobStore } from './bulk-job-store.js';
import { CursorStore } from './cursor-store.js';
import { editUser, type EditedUser, type EditUserOptions, type UserChanges } from './edit-user.js';
import type { SandboxFaults } from './faults.js';
import type { LatencyModel } from './latency-model.js';
import { PageCache } from './page-cache.js';
import { route } from './router.js';
import { sequentialFloorMs } from './sequential-floor.js';
import { salesforceId, seedTag } from './salesforce-id.js';
import { DEFAULT_API_VERSION, resolveSandboxOptions, type SandboxOptions } from './sandbox-options.js';
import type { ApiUsage, SandboxState, SandboxStats } from './sandbox-state.js';
import { SessionStore } from './session-store.js';
import { catalogOf, type SObjectTable } from './sobject-table.js';
import { createUserTable } from './user-table.js';

export interface Sandbox {
  /** `http://127.0.0.1:<port>`: the login URL and the `instance_url` the token endpoint returns. */
  readonly url: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly username: string;
  readonly password: string;
  /** Live counters; never reset (but `resetPeakInFlight`). */
  readonly stats: Readonly<SandboxStats>;
  /** Starts measuring `stats.peakInFlight` again from now (between two benchmark scenarios). */
  resetPeakInFlight(): void;
  /** The org's API usage counter (`Sforce-Limit-Info`); writable. */
  readonly usage: ApiUsage;
  /** Fault settings, read on every request; change them at any time. */
  readonly faults: SandboxFaults;
  /** Bytes held by pre-rendered pages (0 once a user was edited: pages are then rendered live). */
  readonly prerenderedBytes: number;
  /** The `Id` of the user at row `index` (0 for the first; deleted users follow the live ones). */
  userId(index: number): string;
  /**
   * Changes fields of the user at row `index`, and sets its `SystemModstamp` and `LastModifiedDate` to
   * `options.modstamp` (epoch ms), or to the org's clock (the `now` option). Queries started afterwards
   * see it, through every API; a query locator or Bulk job opened before keeps its rows, but renders
   * what they hold when a page or result set is served.
   */
  editUser(index: number, changes: UserChanges, options?: EditUserOptions): EditedUser;
  /**
   * Renders the `prerender` queries' pages again, with the edits made since (an edit drops them): the
   * benchmark serves an edited table as fast as the original.
   */
  prerender(): void;
  /** The latency model, when it is on. */
  readonly latency: LatencyModel | undefined;
  /**
   * With the latency model: the modelled time a strictly sequential read of `query` takes at least (the
   * token request plus every page, one after the other), in modelled milliseconds.
   */
  sequentialFloorMs(query: string, batchSize?: number): number;
  close(): Promise<void>;
}

function createState(options: SandboxOptions): SandboxState {
  const resolved = resolveSandboxOptions(options);
  const tag = seedTag(resolved.seed);
  const users = createUserTable(resolved);
  const accounts = createAccountTable(resolved.accounts, resolved.seed, resolved.users);
  const orgId = salesforceId('00D', tag, 1).slice(0, 15);
  const { clock } = resolved;
  const earliest = users.generatedUntil + 1_000;
  const state: SandboxState = {
    url: '',
    options: resolved,
    orgId,
    edits: users.edits,
    orgNow: () => Math.max(resolved.now(), earliest),
    /** The integration ("Run As") user the tokens act as; not one of the generated users. */
    userId: salesforceId('005', tag, 0),
    catalog: catalogOf([users, accounts]),
    sessions: new SessionStore(orgId),
    cursors: new CursorStore(tag),
    pageCache: new PageCache(),
    usage: { used: resolved.apiUsageStart, max: resolved.apiLimit },
    stats: {
      requests: 0,
      tokenRequests: 0,
      queryRequests: 0,
      inFlight: 0,
      peakInFlight: 0,
      modelledMs: 0,
      bulkJobsCreated: 0,
      bulkJobsAborted: 0,
      bulkJobsDeleted: 0,
      bulkResultRequests: 0,
    },
    clock,
    running: new Set(),
    bulkJobs: new BulkJobStore(tag, clock, resolved.latency),
    /** A deep copy: firing faults (counting down `times`) never changes the caller's options. */
    faults: structuredClone(options.faults ?? {}),
  };
  prerender(state);
  return state;
}

/** Renders the pages of the `prerender` queries, as the table holds them now. */
function prerender(state: SandboxState): void {
  for (const spec of state.options.prerender) {
    state.pageCache.prerender(state.catalog, {
      soql: spec.query,
      version: spec.apiVersion ?? DEFAULT_API_VERSION,
      batchSize: spec.batchSize ?? state.options.batchSize,
      queryAll: spec.queryAll ?? false,
    });
  }
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const state = createState(options);
  const server = createServer((req, res) => void route(state, req, res));
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(state.options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  const { credentials } = state.options;
  return {
    url: state.url,
    port,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    username: credentials.username,
    password: credentials.password,
    stats: state.stats,
    resetPeakInFlight: () => void (state.stats.peakInFlight = state.stats.inFlight),
    usage: state.usage,
    faults: state.faults,
    get prerenderedBytes() {
      return state.pageCache.size;
    },
    userId: (index) => String((state.catalog.get('user') as SObjectTable).id(index)),
    editUser: (index, changes, options) => editUser(state, index, changes, options),
    prerender: () => prerender(state),
    latency: state.options.latency,
    sequentialFloorMs: (query, batchSize = state.options.batchSize) => {
      if (!state.options.latency) throw new Error('sequentialFloorMs needs the latency model');
      return sequentialFloorMs(state.catalog, state.options.latency, query, batchSize, DEFAULT_API_VERSION);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
