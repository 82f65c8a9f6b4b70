import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { Logger, ScheduledTick } from 'tributary-kit';
import { withDdlLock } from '../schema.js';

export const TICK_QUEUE = 'tributary-ticks';
/** How often, on average, an idle worker looks for a tick: a queued tick starts within about half a second. */
const POLLING_MS = 500;

/**
 * An idle worker's pause before it looks again: between half and one and a half times the mean, drawn
 * afresh each time. A fixed period would lock every host's workers in step with the schedule (ticks fall
 * on whole seconds), so the host whose polls happen to land just after a tick would take every tick.
 */
export function idlePause(random: () => number = Math.random): number {
  return Math.round(POLLING_MS * (0.5 + random()));
}

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
 *
 * The workers are ours, over pg-boss's `fetch` and `complete`: a tick whose run ends while the
 * database is unreachable stays active in pg-boss until it expires (it blocks nothing), and the
 * worker goes on polling until the database is back.
 */
export class TickQueue {
  readonly #boss: PgBoss;
  readonly #logger: Logger;
  readonly #workers = new Set<Promise<void>>();
  readonly #wakeUps = new Set<() => void>();
  #working = false;
  #stopped = false;

  private constructor(boss: PgBoss, logger: Logger) {
    this.#boss = boss;
    this.#logger = logger;
  }

  /**
   * The queue, its pg-boss schema and the tick queue created if missing. pg-boss installs or upgrades
   * its schema in `start()`, and creates a queue's partition with DDL, both racing against another host
   * doing the same at the same moment: every host does it in turn under Tributary's DDL lock, and
   * only the first one finds something to do. A failed start leaves nothing running.
   */
  static async start(pool: pg.Pool, logger: Logger): Promise<TickQueue> {
    const boss = new PgBoss({
      db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
      schedule: false,
      supervise: true,
      migrate: true,
    });
    boss.on('error', (error: Error) => logger.warn(`Job queue (pg-boss): ${error.message}`));
    try {
      await withDdlLock(pool, async () => {
        await boss.start();
        if (await boss.getQueue(TICK_QUEUE)) return;
        await boss.createQueue(TICK_QUEUE, { name: TICK_QUEUE, policy: 'short', retryLimit: 0, expireInHours: 23 });
      });
    } catch (error) {
      await boss.stop({ graceful: false, close: false }).catch(() => undefined);
      throw error;
    }
    return new TickQueue(boss, logger);
  }

  /** True when this call created the tick's job. */
  async enqueue(tick: ScheduledTick): Promise<boolean> {
    const data: TickData = { nqlId: tick.nqlId, scheduledFor: tick.scheduledFor.toISOString() };
    const id = await this.#boss.send(TICK_QUEUE, data, {
      id: tickJobId(tick),
      singletonKey: tick.nqlId,
      retryLimit: 0,
      expireInHours: 23,
    });
    return id !== null;
  }

  /** `concurrency` more workers, each handling one tick at a time (none once the queue is stopped). */
  work(concurrency: number, handle: (tick: ScheduledTick) => Promise<void>): void {
    if (this.#stopped) return;
    this.#working = true;
    for (let i = 0; i < Math.max(1, concurrency); i++) {
      const worker = this.#takeTicks(handle);
      this.#workers.add(worker);
      void worker.finally(() => this.#workers.delete(worker));
    }
  }

  /** Fetches nothing more; resolves when the ticks being handled are done. */
  async stopWorking(): Promise<void> {
    this.#working = false;
    for (const wakeUp of this.#wakeUps) wakeUp();
    await Promise.all([...this.#workers]);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.stopWorking();
    await this.#boss.stop({ graceful: false, close: false }).catch(() => undefined);
  }

  /** One worker: takes a tick, handles it, marks it done; polls while there is none (or no database). */
  async #takeTicks(handle: (tick: ScheduledTick) => Promise<void>): Promise<void> {
    while (this.#working) {
      // pg-boss's fetch answers no job when the database cannot be reached.
      const [job] = await this.#boss.fetch<TickData>(TICK_QUEUE, { batchSize: 1 }).catch(() => []);
      if (!job) {
        await this.#pause(idlePause());
        continue;
      }
      const tick = `${job.data.nqlId}@${job.data.scheduledFor}`;
      await handle({ nqlId: job.data.nqlId, scheduledFor: new Date(job.data.scheduledFor) }).catch((error: unknown) =>
        this.#logger.error(`Tick ${tick} failed: ${(error as Error).message}`),
      );
      await this.#boss
        .complete(TICK_QUEUE, job.id)
        .catch((error: unknown) =>
          this.#logger.warn(
            `Tick ${tick} could not be marked done in the job queue (pg-boss expires it): ${(error as Error).message}`,
          ),
        );
    }
  }

  /** Waits `ms`, or less if work stops. */
  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wakeUp = (): void => {
        clearTimeout(timer);
        this.#wakeUps.delete(wakeUp);
        resolve();
      };
      const timer = setTimeout(wakeUp, ms);
      this.#wakeUps.add(wakeUp);
    });
  }
}
