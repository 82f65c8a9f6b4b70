import {
  ConfigError,
  decideSyncRead,
  FatalError,
  type ConnectorConfig,
  type MemberStage,
  type SinkRecord,
  type SyncRead,
  type SyncState,
  type SyncStateStore,
} from '../../core/index.js';
import { ScheduleEvaluator } from '../schedule/schedule-evaluator.js';

/**
 * One run's side of incremental sync and leavers, for a connector with a `sync:` entry: the state the
 * last committed run left (cursor, members), what this run reads, and the stage of the users it
 * processed. The stage commits only after the sink did (commitWithGuards), so that neither the cursor
 * nor the members ever run ahead of the data.
 */
export class SyncTracking {
  readonly store: SyncStateStore;
  readonly previous: SyncState | undefined;
  readonly #nqlId: string;
  readonly #runId: string;
  #stage: MemberStage | undefined;

  constructor(store: SyncStateStore, previous: SyncState | undefined, nqlId: string, runId: string) {
    this.store = store;
    this.previous = previous;
    this.#nqlId = nqlId;
    this.#runId = runId;
  }

  get stage(): MemberStage {
    if (!this.#stage) throw new FatalError('SYNC_STAGE_CLOSED', 'The sync stage of this run is not open');
    return this.#stage;
  }

  async open(): Promise<void> {
    this.#stage = await this.store.stage(this.#nqlId, this.#runId);
  }

  add(records: readonly SinkRecord[]): void | Promise<void> {
    if (records.length === 0) return;
    return this.stage.add(records.map((r) => r.identifier));
  }

  /** The read starts again from the beginning: the users staged so far are forgotten. */
  async restart(): Promise<void> {
    await this.abort();
    await this.open();
  }

  async abort(): Promise<void> {
    const stage = this.#stage;
    this.#stage = undefined;
    await stage?.abort();
  }

  /** Hands the stage over for its commit (it is then no longer this run's to abort). */
  take(): MemberStage {
    const stage = this.stage;
    this.#stage = undefined;
    return stage;
  }
}

/**
 * What the run reads and, for a connector with a `sync:` entry, its tracking (not on a dry run, which
 * commits nothing). `full` forces a full read and says why (`run --full`).
 */
export async function openSyncTracking(
  store: SyncStateStore | undefined,
  connector: ConnectorConfig,
  runId: string,
  options: { readonly dryRun?: boolean; readonly full?: string },
): Promise<{ read: SyncRead; tracking: SyncTracking | undefined }> {
  if (!connector.sync) return { read: decideSyncRead(undefined, undefined, new Date()), tracking: undefined };
  if (!store)
    throw new ConfigError(
      'SYNC_STORE_MISSING',
      `${connector.nqlId} has a sync entry but no plugin keeps sync state (the execution-log plugin does)`,
    );
  const previous = await store.read(connector.nqlId);
  const cron = connector.sync.fullCron;
  const nextFullAt = cron ? (last: Date) => ScheduleEvaluator.compile(cron, connector.nqlId).next(last) : undefined;
  const read = decideSyncRead(connector.sync, previous, new Date(), options.full, nextFullAt);
  if (options.dryRun) return { read, tracking: undefined };
  return { read, tracking: new SyncTracking(store, previous, connector.nqlId, runId) };
}
