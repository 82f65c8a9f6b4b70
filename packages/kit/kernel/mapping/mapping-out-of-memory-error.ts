import { FatalError } from '../../core/index.js';

export const MAPPING_OUT_OF_MEMORY = 'MAPPING_OUT_OF_MEMORY';

/** Node's code for a worker stopped at its `resourceLimits`. */
const WORKER_OUT_OF_MEMORY = 'ERR_WORKER_OUT_OF_MEMORY';

/** True when a worker's 'error' says it reached its memory limit. */
export function isWorkerOutOfMemory(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === WORKER_OUT_OF_MEMORY;
}

/** What a row or a run that drove the mapping worker out of memory says, naming the limit. */
export function outOfMemoryMessage(limitMb: number): string {
  return `the mapping ran out of memory: its worker reached limits.mappingMemoryMb (${limitMb} MB) and was stopped`;
}

/**
 * The mapping worker ran out of memory before it started on any row: while it received a batch
 * (records too large for the limit) or compiled the mapping. The run fails; a row that runs out of
 * memory is only rejected (`MAPPING_OUT_OF_MEMORY`, see IsolatedEvaluator).
 */
export class MappingOutOfMemoryError extends FatalError {
  readonly limitMb: number;
  constructor(limitMb: number, options?: { cause?: unknown }) {
    super(
      MAPPING_OUT_OF_MEMORY,
      `Mapping stopped: ${outOfMemoryMessage(limitMb)} before it mapped a row of the batch (a batch too large for the limit?)`,
      {
        cause: options?.cause,
        details: { limitMb },
      },
    );
    this.limitMb = limitMb;
  }
}
