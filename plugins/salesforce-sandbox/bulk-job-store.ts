/**
 * Bulk API 2.0 query jobs: a job runs its query when it is created and becomes `JobComplete` once its
 * modelled processing time has passed (`UploadComplete`, then `InProgress`, until then). Without the
 * latency model (or with time scale 0) a job is complete at its first poll.
 */
import type { CsvRenderer } from './csv-renderer.js';
import { bulkProcessingMs, type LatencyModel, type SandboxClock } from './latency-model.js';
import type { QueryResult } from './query-plan.js';
import { base62, toId18 } from './salesforce-id.js';

export type BulkJobState = 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

/** The `errorMessage` of a job the `bulkJobFails` fault fails (our wording). */
export const FAILED_JOB_MESSAGE = 'Failed to process query: an internal error occurred';

export interface BulkJob {
  readonly id: string;
  readonly operation: 'query' | 'queryAll';
  readonly object: string;
  readonly version: string;
  readonly createdAt: number;
  readonly createdDate: string;
  readonly processingMs: number;
  readonly result: QueryResult;
  readonly csv: CsvRenderer;
  aborted: boolean;
  polls: number;
  /** Ends `Failed` instead of `JobComplete` (fault injection). */
  readonly fails: boolean;
}

export class BulkJobStore {
  readonly #jobs = new Map<string, BulkJob>();
  #created = 0;

  constructor(
    private readonly tag: string,
    private readonly clock: SandboxClock,
    private readonly model: LatencyModel | undefined,
  ) {}

  create(fields: Pick<BulkJob, 'operation' | 'object' | 'version' | 'result' | 'csv' | 'fails'>): BulkJob {
    this.#created += 1;
    const job: BulkJob = {
      ...fields,
      id: toId18(`750${this.tag}${base62(this.#created, 10)}`),
      createdAt: this.clock.now(),
      createdDate: new Date().toISOString().replace('Z', '+0000'),
      processingMs: this.model ? bulkProcessingMs(this.model, fields.result.total) : 0,
      aborted: false,
      polls: 0,
    };
    this.#jobs.set(job.id, job);
    return job;
  }

  get(id: string): BulkJob | undefined {
    return this.#jobs.get(id);
  }

  delete(id: string): boolean {
    return this.#jobs.delete(id);
  }

  /** The job's state now. */
  state(job: BulkJob): BulkJobState {
    if (job.aborted) return 'Aborted';
    const done = job.fails ? 'Failed' : 'JobComplete';
    if (this.clock.frozen || job.processingMs === 0) return job.polls > 0 ? done : 'UploadComplete';
    const elapsed = this.clock.now() - job.createdAt;
    if (elapsed >= job.processingMs) return done;
    return elapsed < Math.min(1_000, job.processingMs / 2) ? 'UploadComplete' : 'InProgress';
  }
}
