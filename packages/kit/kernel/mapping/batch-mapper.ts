import { performance } from 'node:perf_hooks';
import {
  DEFAULT_LIMITS,
  isTributaryError,
  messageOf,
  RowError,
  type FieldValue,
  type LimitsConfig,
  type MappingPlan,
  type ProblemLog,
  type RowMapper,
  type RunDraft,
  type SinkRecord,
  type SourceRecord,
} from '../../core/index.js';
import { runsNatively } from '../../core/mapping/mapping-plan.js';
import type { MutableRowBatch } from '../run/row-batch.js';
import { inProcessRowMapper } from './in-process-row-mapper.js';
import { IsolatedEvaluator, type BatchDeadline } from './isolated-evaluator.js';
import type { Outcome } from './mapping-protocol.js';

export const EMPTY_IDENTIFIER = 'Rows ignored because their identifier is empty';

function rowProblem(error: unknown): string {
  if (isTributaryError(error) && error.category === 'row') return error.message;
  return `Row rejected: ${messageOf(error)}`;
}

function rowError(outcome: Outcome & { ok: false }): RowError {
  return new RowError(outcome.code, outcome.message, { details: outcome.details });
}

/**
 * The mapping of one run, batch by batch, as its plan says. Native expressions (plain paths and native
 * trees) run here, synchronously; the identification or the fields that need jsonata's interpreter run in an
 * {@link IsolatedEvaluator}, under the batch's deadline (`limits.mappingBatchTimeoutMs`), with a heap
 * of `limits.mappingMemoryMb`, and under the run's signal.
 */
export class BatchMapper {
  readonly #mapper: RowMapper;
  readonly #identifyNative: boolean;
  readonly #fieldsNative: boolean;
  readonly #fieldCount: number;
  readonly #batchBudgetMs: number;
  readonly #isolated: IsolatedEvaluator | undefined;

  constructor(plan: MappingPlan, limits: Partial<LimitsConfig>, signal: AbortSignal) {
    this.#mapper = inProcessRowMapper(plan);
    this.#identifyNative = runsNatively(plan.identification);
    this.#fieldsNative = plan.fields.every(runsNatively);
    this.#fieldCount = plan.fields.length;
    this.#batchBudgetMs = limits.mappingBatchTimeoutMs ?? DEFAULT_LIMITS.mappingBatchTimeoutMs!;
    const expressionTimeoutMs = limits.expressionTimeoutMs ?? DEFAULT_LIMITS.expressionTimeoutMs!;
    const memoryLimitMb = limits.mappingMemoryMb ?? DEFAULT_LIMITS.mappingMemoryMb;
    this.#isolated = this.#mapper.allNative
      ? undefined
      : new IsolatedEvaluator({ plan, expressionTimeoutMs, memoryLimitMb, signal });
  }

  /** The deadline of a batch whose mapping starts now. */
  startBatch(): BatchDeadline {
    return { deadline: performance.now() + this.#batchBudgetMs, budgetMs: this.#batchBudgetMs };
  }

  /** Identification of every row into `batch`; rejected rows get '', a problem and a count in `draft.rejectedByMapping`. */
  async identify(
    records: readonly SourceRecord[],
    batch: MutableRowBatch,
    problems: ProblemLog,
    draft: RunDraft,
    deadline: BatchDeadline,
  ): Promise<void> {
    if (this.#identifyNative) {
      for (let i = 0; i < records.length; i++) {
        let identifier: string;
        try {
          identifier = this.#mapper.identify(records[i]!) as string;
        } catch (error) {
          problems.add(rowProblem(error));
          draft.rejectedByMapping++;
          batch.set(i, '');
          continue;
        }
        if (identifier === '') problems.add(EMPTY_IDENTIFIER);
        batch.set(i, identifier);
      }
      return;
    }
    const outcomes = await this.#isolated!.evaluate('identify', records, 1, deadline);
    for (let i = 0; i < outcomes.length; i++) {
      const outcome = outcomes[i]!;
      const identifier = outcome.ok ? (outcome.value as string) : '';
      if (!outcome.ok) {
        problems.add(rowProblem(rowError(outcome)));
        draft.rejectedByMapping++;
      } else if (identifier === '') problems.add(EMPTY_IDENTIFIER);
      batch.set(i, identifier);
    }
  }

  /** Field mapping of the admitted rows into sink records; rejected rows are counted in `draft.rejectedByMapping`. */
  async fields(
    records: readonly SourceRecord[],
    batch: MutableRowBatch,
    out: SinkRecord[],
    problems: ProblemLog,
    draft: RunDraft,
    deadline: BatchDeadline,
  ): Promise<void> {
    const kind = this.#mapper.identifierKind;
    if (this.#fieldsNative) {
      for (let i = 0; i < records.length; i++) {
        if (!batch.admitted(i)) continue;
        let fields: Record<string, FieldValue>;
        try {
          fields = this.#mapper.fields(records[i]!) as Record<string, FieldValue>;
        } catch (error) {
          problems.add(rowProblem(error));
          draft.rejectedByMapping++;
          continue;
        }
        out.push({ identifier: { kind, value: batch.identifiers[i]! }, fields });
      }
      return;
    }
    const admitted: number[] = [];
    for (let i = 0; i < records.length; i++) if (batch.admitted(i)) admitted.push(i);
    const outcomes = await this.#isolated!.evaluate(
      'fields',
      admitted.map((i) => records[i]!),
      this.#fieldCount,
      deadline,
    );
    for (let k = 0; k < outcomes.length; k++) {
      const outcome = outcomes[k]!;
      if (!outcome.ok) {
        problems.add(rowProblem(rowError(outcome)));
        draft.rejectedByMapping++;
      } else
        out.push({
          identifier: { kind, value: batch.identifiers[admitted[k]!]! },
          fields: outcome.value as Record<string, FieldValue>,
        });
    }
  }

  async close(): Promise<void> {
    await this.#isolated?.close();
  }
}
