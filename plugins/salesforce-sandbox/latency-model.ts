/**
 * How long a Salesforce org takes to answer, modelled so that a benchmark against the sandbox measures
 * wall-clock time the way a real org would impose it. In `SALESFORCE_LATENCY`, the token request and the
 * "well under 300 ms" average transaction time come from Salesforce's published figures; the per-record
 * cost, the bandwidth and the Bulk result latency are our estimates.
 * A `timeScale` below 1 runs the same model faster (tests use a small one and never sleep for real).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';

export interface LatencyModel {
  /** `POST /services/oauth2/token`, to the first byte. */
  readonly tokenMs: number;
  /** The first page of a query (`/query?q=`), to the first byte. */
  readonly firstPageMs: number;
  /** Each further page (`nextRecordsUrl`), to the first byte, plus `perRecordMs` for each of its records. */
  readonly nextPageMs: number;
  readonly perRecordMs: number;
  /** Body bytes per second, per connection. */
  readonly bytesPerSecond: number;
  /** Every other API request (Bulk jobs and their results, describe, limits), to the first byte. */
  readonly otherRequestMs: number;
  /** Bulk API 2.0 query job processing time per 1,000 rows, and its minimum. */
  readonly bulkMsPer1000Rows: number;
  readonly bulkMinProcessingMs: number;
  /** Requests lasting this long count against the long-transaction concurrency limit. */
  readonly longRequestMs: number;
  /** Long requests allowed at once: 25 for a production org, 5 for a Developer or trial org. */
  readonly longRequestLimit: number;
}

/** The pinned figures (see the module comment for their sources). */
export const SALESFORCE_LATENCY: LatencyModel = {
  tokenMs: 250,
  firstPageMs: 600,
  nextPageMs: 250,
  perRecordMs: 0.15,
  bytesPerSecond: 4_000_000,
  otherRequestMs: 250,
  bulkMsPer1000Rows: 50,
  bulkMinProcessingMs: 2_000,
  longRequestMs: 20_000,
  longRequestLimit: 25,
};

/** The sandbox's modelled time. Tests may pass their own, advanced by hand, so that nothing waits for real. */
export interface SandboxClock {
  /** Modelled milliseconds. */
  now(): number;
  /** Resolves once `modelMs` modelled milliseconds have passed. */
  sleep(modelMs: number): Promise<void>;
  /** True when modelled time never advances (time scale 0): Bulk jobs then complete at their first poll. */
  readonly frozen: boolean;
}

/** Modelled time: `now()` advances `1 / scale` modelled ms per real ms; `sleep` waits modelled ms. */
export class ModelClock implements SandboxClock {
  readonly #origin = performance.now();

  constructor(readonly scale: number) {
    if (!(scale >= 0)) throw new RangeError(`timeScale must be >= 0, got ${scale}`);
  }

  get frozen(): boolean {
    return this.scale === 0;
  }

  /** Modelled milliseconds since the sandbox started (with scale 0, modelled time never advances). */
  now(): number {
    return this.scale === 0 ? 0 : (performance.now() - this.#origin) / this.scale;
  }

  sleep(modelMs: number): Promise<void> {
    const realMs = modelMs * this.scale;
    return realMs >= 1 ? delay(realMs) : new Promise((resolve) => setImmediate(resolve));
  }
}

/** What kind of request an answer is for, which decides its time to the first byte. */
export type RequestKind = 'token' | 'first-page' | 'next-page' | 'other';

export function timeToFirstByte(model: LatencyModel, kind: RequestKind, records: number): number {
  if (kind === 'token') return model.tokenMs;
  if (kind === 'first-page') return model.firstPageMs;
  if (kind === 'next-page') return model.nextPageMs + model.perRecordMs * records;
  return model.otherRequestMs;
}

/** Modelled duration of one answer: time to the first byte, then the body at the model's bandwidth. */
export function answerMs(model: LatencyModel, kind: RequestKind, records: number, bytes: number): number {
  return timeToFirstByte(model, kind, records) + (bytes * 1000) / model.bytesPerSecond;
}

/** Modelled processing time of a Bulk API 2.0 query job over `rows` rows. */
export function bulkProcessingMs(model: LatencyModel, rows: number): number {
  return Math.max(model.bulkMinProcessingMs, (rows / 1000) * model.bulkMsPer1000Rows);
}
