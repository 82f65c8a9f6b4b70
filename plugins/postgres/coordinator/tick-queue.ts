import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { Logger, ScheduledTick } from '../../../core/index.js';
import { withDdlLock } from '../schema.js';

export const TICK_QUEUE = 'tributary-ticks';
/** pg-boss's shortest polling interval: a queued tick starts within about half a second on an idle worker. */
const POLLING_SECONDS = 0.5;

interface TickData {
  readonly nqlId: string;
  readonly scheduledFor: string;
}

/** The tick's job id: a UUID derived from the NQL ID and the nominal time, the same on every host. */
export function tickJobId(tick: ScheduledTick): string {
  const hex = createHash('sha256').update(`${tick.nqlId}@${tick.scheduledFor.toISOString()}`).digest('hex');
  // RFC 4122 layout, version 5 (name-based), variant 10.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The schedule's ticks on pg-boss, over our own pool. A tick is a job whose id derives from its key,
 * so however many hosts enqueue it, it exists once; the queue's `short` policy keeps at most one
 * waiting tick per connector (a tick due while the previous one still waits is dropped, as on one
 * machine). Jobs are never retried (a lost run is logged, the next tick runs normally) and expire
 * after pg-boss's maximum of 23 hours: leases, not pg-boss, say whether a run is alive.
 */
export class TickQueue {
  readonly #boss: PgBoss;
  readonly #pool: pg.Pool;
  readonly #logger: Logger;
  #started: Promise<void> | undefined;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(pool: pg.Pool, logger: Logger) {
    this.#pool = pool;
    this.#logger = logger;
    this.#boss = new PgBoss({
      db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
      schedule: false,
      supervise: true,
      migrate: true,
    });
    this.#boss.on('error', (error: Error) => logger.warn(`Job queue (pg-boss): ${error.message}`));
  }

  start(): Promise<void> {
    this.#started ??= (async () => {
      await this.#boss.start();
      // pg-boss creates a queue's partition with DDL that deadlocks against another host creating it
      // at the same moment: hosts take turns under Tributary's DDL lock, and only the first creates it.
      await withDdlLock(this.#pool, async () => {
        if (await this.#boss.getQueue(TICK_QUEUE)) return;
        await this.#boss.createQueue(TICK_QUEUE, { name: TICK_QUEUE, policy: 'short', retryLimit: 0, expireInHours: 23 });
      });
    })();
    return this.#started;
  }

  /** True when this call created the tick's job. */
  async enqueue(tick: ScheduledTick): Promise<boolean> {
    await this.start();
    const data: TickData = { nqlId: tick.nqlId, scheduledFor: tick.scheduledFor.toISOString() };
    const id = await this.#boss.send(TICK_QUEUE, data, { id: tickJobId(tick), singletonKey: tick.nqlId, retryLimit: 0, expireInHours: 23 });
    return id !== null;
  }

  /** `concurrency` workers, each handling one tick at a time. */
  async work(concurrency: number, handle: (tick: ScheduledTick) => Promise<void>): Promise<void> {
    await this.start();
    for (let i = 0; i < Math.max(1, concurrency); i++) {
      await this.#boss.work<TickData>(TICK_QUEUE, { batchSize: 1, pollingIntervalSeconds: POLLING_SECONDS }, async ([job]) => {
        if (!job) return;
        const done = handle({ nqlId: job.data.nqlId, scheduledFor: new Date(job.data.scheduledFor) }).catch((error: unknown) =>
          this.#logger.error(`Tick ${job.data.nqlId}@${job.data.scheduledFor} failed: ${(error as Error).message}`),
        );
        this.#inFlight.add(done);
        try {
          await done;
        } finally {
          this.#inFlight.delete(done);
        }
      });
    }
  }

  /** Fetches nothing more; resolves when the ticks being handled are done. */
  async stopWorking(): Promise<void> {
    if (this.#started) await this.#boss.offWork(TICK_QUEUE).catch(() => undefined);
    await Promise.all([...this.#inFlight]);
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    await this.#started.catch(() => undefined);
    await this.#boss.stop({ graceful: false, close: false }).catch(() => undefined);
  }
}
