import type { GenericSchema } from 'valibot';
import type { ConnectorConfig, CredentialConfig } from './config-types.js';
import type { ConfigProblem } from './errors/config-problem.js';
import type { Credential } from './credential-type.js';
import type { Logger } from './logger.js';
import type { SourceRecord } from './records.js';
import type { RecordMatch, SelectedFields, SourceField } from './source-field.js';
import type { SyncRead } from './sync/sync-read.js';
import { createToken } from './token.js';

/**
 * One batch of records from a source. When `restarted` is set, the source started reading again from
 * the beginning (a Salesforce session expired and its query locators with it): everything yielded
 * before this batch is discarded, and `restarted` says why.
 */
export interface RecordBatch {
  readonly records: readonly SourceRecord[];
  readonly restarted?: string;
}

/** What a connector gets for one check or read. */
export interface ConnectorContext<P = Record<string, unknown>> {
  readonly nqlId: string;
  readonly connector: ConnectorConfig;
  readonly parameters: P;
  /** The connector's credential, when it names one. */
  readonly credential: Credential | undefined;
  readonly logger: Logger;
  /** Aborted when the run is cancelled; pass it to every request. */
  readonly signal: AbortSignal;
  /** Most rows the run will process: stop fetching once this many rows were received. */
  readonly maxRows: number;
  /** True once the host needs no more rows (row limit reached); do not start another fetch. */
  readonly stopRequested: boolean;
  /**
   * The source announced how many rows it will deliver (e.g. Salesforce `totalSize`, a Bulk job's
   * record count). The run holds the connector to it: fewer rows received than announced fails the run
   * (unless the row limit stopped the reading), whatever the reader. `origin` names where the figure
   * comes from in that message (`Bulk API 2.0 job 750…`); a later call replaces an earlier one.
   */
  expectRows(total: number, origin?: string): void;
  /**
   * The source holds more rows than it delivered but gave no total (a `next` link or cursor was still
   * pending when reading stopped at `maxRows`). The run then ends `partial`, "at least N+1 rows
   * received", instead of `success`. Call it before yielding the batch that reaches `maxRows`: once
   * the row limit is reached, the host ends the iteration and no code after that `yield` runs.
   */
  moreAvailable(): void;
  /**
   * What this run reads: everything, or only the changes since a cursor (a template that declares
   * `readsChanges`, on a connector with `sync: { mode: incremental }`). See docs/sync-modes.md.
   */
  readonly sync: SyncRead;
  /**
   * Where the next change read starts (any text the template understands, e.g. a timestamp). Call it
   * whenever `sync` asks for a cursor; the host keeps it only once the sink has committed the rows read.
   */
  setCursor(cursor: string): void;
  /**
   * How many rows the query holds at the source right now (`SELECT COUNT()`), for the coverage proof of
   * a change read. A full read's announced total (`expectRows`) counts as this already.
   */
  sourceHolds(total: number, origin?: string): void;
  /** Count one request to the source API (`details.api_calls`). */
  countApiCall(): void;
  /** A problem worth telling the operator that does not stop the run. */
  warn(message: string): void;
}

export interface CheckResult {
  readonly ok: boolean;
  /** One line per finding, e.g. `Authenticated as … on https://acme.my.salesforce.com`. */
  readonly messages: readonly string[];
  /** A few records as read, for trying the mapping. */
  readonly sample: readonly SourceRecord[];
  readonly expectedRows?: number;
}

/** A connector template (`salesforce-user-attributes`): checks a configuration and reads records. */
export interface ConnectorTemplate<P = Record<string, unknown>> {
  readonly id: string;
  /** Shown as `details.connector`, e.g. `Salesforce: User Attributes`. */
  readonly displayName: string;
  /** Valibot schema for `connectors[].parameters`. */
  readonly parameters: GenericSchema<unknown, P>;
  /** Credential types this template can use; empty when it needs none. */
  readonly credentialTypes: readonly string[];
  /**
   * The template reads changes since a cursor (`context.sync.mode === 'changes'`) and reports the
   * source's count (`sourceHolds`): a connector with `sync: { mode: incremental }` may use it.
   */
  readonly readsChanges?: boolean;
  /** The template can also read without credentials (a public API); by default they are required. */
  readonly credentialsOptional?: boolean;
  /** Extra offline checks across the connector and its credential entry (paths relative to the connector). */
  validate?(connector: ConnectorConfig, credential: CredentialConfig | undefined): readonly ConfigProblem[];
  check(context: ConnectorContext<P>): Promise<CheckResult>;
  read(context: ConnectorContext<P>): AsyncIterable<RecordBatch>;
  /**
   * The source's fields and their types, relationship fields included (Salesforce:
   * `sobjects/User/describe`): `tributary describe`, and the checks that flag a query or mapping field
   * the source does not have.
   */
  describeFields?(context: ConnectorContext<P>): Promise<readonly SourceField[]>;
  /**
   * The source fields the connector's parameters select (Salesforce: the query's SELECT list), read
   * offline. `check` and `validate --online` flag a selected field the described fields do not contain
   * (with `describeFields`) and, when the list is `complete`, a mapping path it leaves out.
   */
  selectedFields?(parameters: P): SelectedFields;
  /**
   * The records of the connector's query whose `match.field` equals `match.value` (a WHERE on the
   * identification field), for a one-user preview: at most a few, read at once.
   */
  findRecords?(context: ConnectorContext<P>, match: RecordMatch): Promise<readonly SourceRecord[]>;
}

/** @deprecated Plugin API 1 token; API 2 plugins use `env.contribute(ConnectorTemplates, …)`. */
export const ConnectorTemplateToken = createToken<ConnectorTemplate>('core.connector-template');
