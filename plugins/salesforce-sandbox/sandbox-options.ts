/**
 * Options of `startSandbox` and their defaults.
 */
import type { SandboxFaults } from './faults.js';
import { ModelClock, SALESFORCE_LATENCY, type LatencyModel, type SandboxClock } from './latency-model.js';

export interface SandboxCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly username: string;
  readonly password: string;
  /** Appended to the password in the username-password flow, as Salesforce expects (default none). */
  readonly securityToken: string;
}

/** A query whose pages are rendered once at start and then served from memory. */
export interface PrerenderSpec {
  readonly query: string;
  /** Default `DEFAULT_API_VERSION`. */
  readonly apiVersion?: string;
  /** Default: the sandbox's batch size cap. */
  readonly batchSize?: number;
  readonly queryAll?: boolean;
}

export interface SandboxOptions {
  /** Loopback port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Live users (default 4,500). */
  readonly users?: number;
  /** Extra deleted users that only `queryAll` returns (default 0). */
  readonly deletedUsers?: number;
  /** Accounts, for queries on another object (default 25). */
  readonly accounts?: number;
  /** The data is a pure function of the seed (default 1). */
  readonly seed?: number;
  readonly credentials?: Partial<SandboxCredentials>;
  /**
   * Largest page the sandbox serves (default 2,000); `Sforce-Query-Options: batchSize=N` is clamped to
   * 200…2,000 and then to this. A cap below 200 (Salesforce never goes that low) makes small paging tests.
   */
  readonly batchSize?: number;
  /** Daily API request limit reported in `Sforce-Limit-Info` (default 100,000). */
  readonly apiLimit?: number;
  /** API requests already used when the sandbox starts (default 0). */
  readonly apiUsageStart?: number;
  /** Appends `; api-bursts=used/max` to `Sforce-Limit-Info`, as current orgs do (default: not sent). */
  readonly apiBursts?: { readonly used: number; readonly max: number };
  /**
   * Pre-render every page of these queries at start (`true`: `DEFAULT_SANDBOX_QUERY`). Costs memory:
   * the JSON of every record (about 300 bytes per User row, so ~60 MB at 200,000 users).
   */
  readonly prerender?: boolean | PrerenderSpec | readonly PrerenderSpec[];
  /** Delay before every response, in milliseconds (default 0). */
  readonly latencyMs?: number;
  /**
   * The latency model (`true`: `SALESFORCE_LATENCY`, the figures the benchmark pins; an object overrides some
   * of them). Off by default: answers are immediate.
   */
  readonly latency?: boolean | Partial<LatencyModel>;
  /** Real milliseconds per modelled millisecond (default 1; tests pass e.g. 0.001, or 0 for no waiting). */
  readonly timeScale?: number;
  /** The modelled clock itself (tests advance one by hand); overrides `timeScale`. */
  readonly clock?: SandboxClock;
  /**
   * The org's wall clock, in epoch ms (default `Date.now`): the `Date` header of every answer, and the
   * `SystemModstamp` of an edit made without one. Never earlier than 2026-01-01T00:00:01Z, after every
   * generated row's modstamp.
   */
  readonly now?: () => number;
  /** The first N users share one Username (default 0). */
  readonly duplicateUpns?: number;
  /** Share of users with IsActive = false, in percent (default 5). */
  readonly inactivePercent?: number;
  readonly faults?: SandboxFaults;
  /**
   * PEM public key (or certificate) the JWT bearer grant verifies assertions with (`iss` = clientId,
   * `sub` = username). Without it, every assertion is rejected with `invalid_grant`.
   */
  readonly jwtPublicKey?: string;
}

export const DEFAULT_API_VERSION = '62.0';
export const DEFAULT_SANDBOX_QUERY = 'SELECT Id, Username, Email, Department, Title, Manager.Name FROM User';
export const DEFAULT_SANDBOX_CREDENTIALS: SandboxCredentials = {
  clientId: 'sandbox-client-id',
  clientSecret: 'sandbox-client-secret',
  username: 'integration@acme.example',
  password: 'sandbox-password',
  securityToken: '',
};

export interface ResolvedSandboxOptions {
  readonly port: number;
  readonly users: number;
  readonly deletedUsers: number;
  readonly accounts: number;
  readonly seed: number;
  readonly credentials: SandboxCredentials;
  readonly batchSize: number;
  readonly apiLimit: number;
  readonly apiUsageStart: number;
  readonly apiBursts: { readonly used: number; readonly max: number } | undefined;
  readonly prerender: readonly PrerenderSpec[];
  readonly latencyMs: number;
  readonly latency: LatencyModel | undefined;
  readonly clock: SandboxClock;
  readonly now: () => number;
  readonly duplicateUpns: number;
  readonly inactivePercent: number;
  readonly jwtPublicKey: string | undefined;
}

function prerenderSpecs(value: SandboxOptions['prerender']): readonly PrerenderSpec[] {
  if (!value) return [];
  if (value === true) return [{ query: DEFAULT_SANDBOX_QUERY }];
  return Array.isArray(value) ? value : [value as PrerenderSpec];
}

function count(value: number | undefined, fallback: number, name: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`sandbox option ${name} must be a whole number >= 0, got ${String(value)}`);
  return n;
}

export function resolveSandboxOptions(options: SandboxOptions): ResolvedSandboxOptions {
  return {
    port: count(options.port, 0, 'port'),
    users: count(options.users, 4_500, 'users'),
    deletedUsers: count(options.deletedUsers, 0, 'deletedUsers'),
    accounts: count(options.accounts, 25, 'accounts'),
    seed: count(options.seed, 1, 'seed'),
    credentials: { ...DEFAULT_SANDBOX_CREDENTIALS, ...options.credentials },
    batchSize: Math.min(2_000, Math.max(1, count(options.batchSize, 2_000, 'batchSize'))),
    apiLimit: count(options.apiLimit, 100_000, 'apiLimit'),
    apiUsageStart: count(options.apiUsageStart, 0, 'apiUsageStart'),
    apiBursts: options.apiBursts,
    prerender: prerenderSpecs(options.prerender),
    latencyMs: count(options.latencyMs, 0, 'latencyMs'),
    latency: options.latency
      ? { ...SALESFORCE_LATENCY, ...(options.latency === true ? {} : options.latency) }
      : undefined,
    clock: options.clock ?? new ModelClock(options.timeScale ?? 1),
    now: options.now ?? Date.now,
    duplicateUpns: count(options.duplicateUpns, 0, 'duplicateUpns'),
    inactivePercent: Math.min(100, count(options.inactivePercent, 5, 'inactivePercent')),
    jwtPublicKey: options.jwtPublicKey,
  };
}

/** The page size for a request: the header's batchSize clamped to 200…2,000, capped by the sandbox. */
export function effectiveBatchSize(header: string | undefined, cap: number): number {
  const match = header ? /batchSize\s*=\s*(\d+)/i.exec(header) : null;
  if (!match) return cap;
  return Math.min(cap, Math.max(200, Math.min(2_000, Number(match[1]))));
}
