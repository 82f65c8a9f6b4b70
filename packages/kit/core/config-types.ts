import type { IdentifierKind } from './records.js';
import type { HoldConfig } from './control/hold-config.js';
import type { NotifyTargetConfig } from './control/notification.js';
import type { QuarantineConfig } from './control/quarantine.js';
import type { SyncConfig } from './sync/sync-config.js';

/** The validated shape of the config file as the host hands it to plugins. */
export interface LimitsConfig {
  readonly maxRowsPerSync: number;
  readonly maxRecordsPerUpn: number;
  /** Budget of one JSONata evaluation (one expression on one row), in ms; the row is rejected beyond it. */
  readonly expressionTimeoutMs?: number;
  /** Budget of the mapping of one source batch (every row's identification and fields), in ms; the run fails beyond it. */
  readonly mappingBatchTimeoutMs?: number;
  /** Heap of the mapping worker (the thread that runs jsonata), in MB; a row that needs more is rejected. */
  readonly mappingMemoryMb?: number;
  /** Rows rejected by mapping errors above this share of the received rows fail the run (default 10). */
  readonly maxMappingErrorPercent?: number;
  /** The shrink guard: a drop by more than this share of the last committed run… (default 10) */
  readonly maxShrinkPercent?: number;
  /** …and by more than this many rows fails the run; a drop to zero always does (default 500). */
  readonly minShrinkRows?: number;
}

export interface FieldMappingConfig {
  readonly source: string;
  readonly target: string;
  /**
   * The field may be empty on every row of a run. Without it, a run of at least
   * {@link EMPTY_FIELD_MIN_ROWS} processed rows in which the field has no value fails before the commit
   * (a misspelt source name resolves on no record).
   */
  readonly allowEmpty?: boolean;
}

/** A run with fewer processed rows than this does not judge a field empty on every row. */
export const EMPTY_FIELD_MIN_ROWS = 10;

export interface MappingConfig {
  readonly identification: string;
  readonly identifier: IdentifierKind;
  readonly onMissingValue: 'clear' | 'keep';
  readonly fields: readonly FieldMappingConfig[];
}

export type ScheduleConfig =
  | {
      readonly recurrence: 'hourly' | 'daily' | 'weekly';
      readonly at?: string;
      readonly day?: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
      readonly timezone?: string;
      readonly jitterSeconds?: number;
    }
  | { readonly cron: string; readonly timezone?: string; readonly jitterSeconds?: number };

export interface CredentialConfig {
  readonly id: string;
  /**
   * The label of the entry (execution log, messages). Optional in the file and in a credential type's
   * schema: the host fills it in with the `id` when the entry has none, before any type sees it.
   */
  readonly name?: string;
  readonly type: string;
  /** Everything else of the entry, validated by the credential type's schema. */
  readonly [key: string]: unknown;
}

export interface SinkConfig {
  readonly id: string;
  readonly type: string;
  readonly [key: string]: unknown;
}

export interface ConnectorConfig {
  readonly nqlId: string;
  readonly name: string;
  readonly description?: string;
  readonly connector: string;
  readonly credentials?: string;
  readonly sink: string;
  readonly schedule?: ScheduleConfig;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly mapping: MappingConfig;
  /** Accept runs that shrink (the shrink guard does not stop them); each committed run is the new baseline. */
  readonly allowShrink?: boolean;
  /** How runs read (full or incremental) and what leavers get; absent: every run reads everything, leavers are kept. */
  readonly sync?: SyncConfig;
  /** This connector's hold thresholds: replace the keys of the top-level `hold:` they set. */
  readonly hold?: HoldConfig;
}

/** `private` (default): files 0600, folders 0700. `group`: files 0640, folders 0750 (shared deployments). */
export type StateAccess = 'private' | 'group';

/** `server:`: where `serve` listens for its HTTP API, console and metrics (docs/operations.md). */
export interface ServerConfig {
  /** `host:port`, `:port` or a port (loopback); absent: `serve` does not listen. */
  readonly listen?: string | number;
  /** The operator token, from `${ENV}` or `${file:…}` only. Without it the server is read-only and loopback-only. */
  readonly token?: string;
  /** More operator tokens, each with the name the audit trail shows (`server.token`'s name is `token`). */
  readonly tokens?: readonly { readonly name: string; readonly token: string }[];
  /** The address operators reach the console at (`https://tributary.example.com`): links in notifications. */
  readonly publicUrl?: string;
  /** Extra `Host` header names accepted besides the listen address and localhost (a reverse proxy's name). */
  readonly allowedHosts: readonly string[];
  /** The server's bounds (docs/operations.md); absent ones take their defaults. */
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly keepAliveTimeoutMs?: number;
  readonly idleTimeoutMs?: number;
  readonly maxConnections?: number;
  readonly maxConcurrentChecks?: number;
  readonly maxQueuedChecks?: number;
}

/** `cluster:`: several machines share one PostgreSQL database (docs/cluster.md). Absent on one machine. */
export interface ClusterConfig {
  /** The database URL, `postgres://user:password@host:5432/db` (usually `${TRIBUTARY_PG_URL}`). */
  readonly postgres: string;
  /** How long a run's lease lives without renewal; a lost worker's run is logged within about 4/3 of it. */
  readonly leaseSeconds: number;
  /** This process's name in `details.host`; default `<hostname>:<pid>`. */
  readonly hostName?: string;
}

export interface TributaryConfig {
  readonly plugins: readonly string[];
  /** `access`: who may read what Tributary creates in the state dir (and its other files): see docs/configuration.md. */
  readonly state: {
    readonly dir: string;
    readonly retentionDays?: number;
    /** Days the change ledger keeps its entries (default 90); 0 keeps no ledger at all. */
    readonly ledgerRetentionDays?: number;
    readonly access?: StateAccess;
  };
  readonly limits: LimitsConfig;
  readonly maxConcurrentRuns: number;
  readonly cluster?: ClusterConfig;
  readonly credentials: readonly CredentialConfig[];
  readonly sinks: readonly SinkConfig[];
  readonly connectors: readonly ConnectorConfig[];
  readonly server?: ServerConfig;
  /** Thresholds above which a run waits for an operator before its commit (docs/operations.md). */
  readonly hold?: HoldConfig;
  /** When a connector that keeps failing is backed off. */
  readonly quarantine?: QuarantineConfig;
  /** Minutes after a due time before a connector with no success since is `late` (default 30). */
  readonly lateAfterMinutes?: number;
  /** Where failures, held runs, quarantines and recoveries are sent. */
  readonly notify?: readonly NotifyTargetConfig[];
  /** Runs recorded as OpenTelemetry traces and exported over OTLP/HTTP (docs/tracing.md). */
  readonly tracing?: TracingConfig;
}

/** `tracing:`: where a run's spans are exported. */
export interface TracingConfig {
  /** Default: `OTEL_SERVICE_NAME`, else `tributary`. */
  readonly serviceName?: string;
  readonly otlp?: {
    /** Default: the `OTEL_EXPORTER_OTLP_…ENDPOINT` variables, else `http://localhost:4318/v1/traces`. */
    readonly url?: string;
    /** Secrets (`${ENV}`, `${file:…}`), redacted from every output. */
    readonly headers?: Readonly<Record<string, string>>;
    readonly timeoutMs?: number;
  };
}

export const DEFAULT_LIMITS: Required<LimitsConfig> = Object.freeze({
  maxRowsPerSync: 3_000_000,
  maxRecordsPerUpn: 1_000,
  expressionTimeoutMs: 250,
  mappingBatchTimeoutMs: 10_000,
  mappingMemoryMb: 512,
  maxMappingErrorPercent: 10,
  maxShrinkPercent: 10,
  minShrinkRows: 500,
});
