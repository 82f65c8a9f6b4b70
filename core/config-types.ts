import type { IdentifierKind } from './records.js';

/** The validated shape of the config file (SPEC §3), as the host hands it to plugins. */
export interface LimitsConfig {
  readonly maxRowsPerSync: number;
  readonly maxRecordsPerUpn: number;
}

export interface FieldMappingConfig {
  readonly source: string;
  readonly target: string;
}

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
  readonly name: string;
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
  readonly state: { readonly dir: string; readonly retentionDays?: number };
  readonly limits: LimitsConfig;
  readonly maxConcurrentRuns: number;
  readonly cluster?: ClusterConfig;
  readonly credentials: readonly CredentialConfig[];
  readonly sinks: readonly SinkConfig[];
  readonly connectors: readonly ConnectorConfig[];
}

export const DEFAULT_LIMITS: LimitsConfig = Object.freeze({ maxRowsPerSync: 3_000_000, maxRecordsPerUpn: 1_000 });
