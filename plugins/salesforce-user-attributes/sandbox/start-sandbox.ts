/**
 * Starts the Salesforce-compatible sandbox: an HTTP server on 127.0.0.1 serving the OAuth token endpoint
 * and the REST query API over generated, seeded User and Account tables.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAccountTable } from './account-table.js';
import { CursorStore } from './cursor-store.js';
import type { SandboxFaults } from './faults.js';
import { PageCache } from './page-cache.js';
import { route } from './router.js';
import { salesforceId, seedTag } from './salesforce-id.js';
import { DEFAULT_API_VERSION, resolveSandboxOptions, type SandboxOptions } from './sandbox-options.js';
import type { ApiUsage, SandboxState, SandboxStats } from './sandbox-state.js';
import { SessionStore } from './session-store.js';
import { catalogOf } from './sobject-table.js';
import { createUserTable } from './user-table.js';

export interface Sandbox {
  /** `http://127.0.0.1:<port>`: the login URL and the `instance_url` the token endpoint returns. */
  readonly url: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly username: string;
  readonly password: string;
  /** Live counters; never reset. */
  readonly stats: Readonly<SandboxStats>;
  /** The org's API usage counter (`Sforce-Limit-Info`); writable. */
  readonly usage: ApiUsage;
  /** Fault settings, read on every request; change them at any time. */
  readonly faults: SandboxFaults;
  /** Bytes held by pre-rendered pages. */
  readonly prerenderedBytes: number;
  close(): Promise<void>;
}

function createState(options: SandboxOptions): SandboxState {
  const resolved = resolveSandboxOptions(options);
  const tag = seedTag(resolved.seed);
  const users = createUserTable(resolved);
  const accounts = createAccountTable(resolved.accounts, resolved.seed, resolved.users);
  const orgId = salesforceId('00D', tag, 1).slice(0, 15);
  const state: SandboxState = {
    url: '',
    options: resolved,
    orgId,
    /** The integration ("Run As") user the tokens act as; not one of the generated users. */
    userId: salesforceId('005', tag, 0),
    catalog: catalogOf([users, accounts]),
    sessions: new SessionStore(orgId),
    cursors: new CursorStore(tag),
    pageCache: new PageCache(),
    usage: { used: resolved.apiUsageStart, max: resolved.apiLimit },
    stats: { requests: 0, tokenRequests: 0, queryRequests: 0 },
    /** A deep copy: firing faults (counting down `times`) never changes the caller's options. */
    faults: structuredClone(options.faults ?? {}),
  };
  for (const spec of resolved.prerender) {
    state.pageCache.prerender(state.catalog, {
      soql: spec.query,
      version: spec.apiVersion ?? DEFAULT_API_VERSION,
      batchSize: spec.batchSize ?? resolved.batchSize,
      queryAll: spec.queryAll ?? false,
    });
  }
  return state;
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
    usage: state.usage,
    faults: state.faults,
    prerenderedBytes: state.pageCache.size,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}
