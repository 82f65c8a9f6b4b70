import type { FieldValue, IdentifierKind, SourceRecord } from '../records.js';
import { coerceIdentifier, coerceValue } from './coerce-value.js';
import { evaluateLater, evaluateNow, type MappedExpression } from './mapped-expression.js';
import type { RowMapper } from './row-mapper.js';

export interface MappingPlan {
  readonly identifierKind: IdentifierKind;
  readonly clearMissing: boolean;
  readonly identification: MappedExpression;
  readonly fields: readonly (MappedExpression & { readonly field: string })[];
}

/**
 * The per-row side of a compiled mapping. Native expressions are evaluated synchronously; when the
 * identification (or every field) is native, `identify` (or `fields`) returns a plain value, so the
 * pipeline pays no `await` per row.
 */
export class CompiledRowMapper implements RowMapper {
  readonly allNative: boolean;
  readonly identifierKind: IdentifierKind;
  readonly targets: readonly string[];
  readonly #plan: MappingPlan;
  readonly #fieldsNative: boolean;

  constructor(plan: MappingPlan) {
    this.#plan = plan;
    this.#fieldsNative = plan.fields.every((f) => f.expression.native);
    this.allNative = this.#fieldsNative && plan.identification.expression.native;
    this.identifierKind = plan.identifierKind;
    this.targets = Object.freeze(plan.fields.map((f) => f.field));
  }

  identify(record: SourceRecord): string | Promise<string> {
    const identification = this.#plan.identification;
    if (identification.expression.native) return coerceIdentifier(evaluateNow(identification, record), identification.subject);
    return evaluateLater(identification, record).then((value) => coerceIdentifier(value, identification.subject));
  }

  fields(record: SourceRecord): Record<string, FieldValue> | Promise<Record<string, FieldValue>> {
    if (!this.#fieldsNative) return this.#fieldsLater(record);
    const out: Record<string, FieldValue> = {};
    for (const mapped of this.#plan.fields) this.#put(out, mapped, evaluateNow(mapped, record));
    return out;
  }

  async #fieldsLater(record: SourceRecord): Promise<Record<string, FieldValue>> {
    const out: Record<string, FieldValue> = {};
    for (const mapped of this.#plan.fields) {
      // One at a time: each jsonata evaluation's time budget then measures that expression alone.
      const value = mapped.expression.native ? evaluateNow(mapped, record) : await evaluateLater(mapped, record);
      this.#put(out, mapped, value);
    }
    return out;
  }

  #put(out: Record<string, FieldValue>, mapped: MappedExpression & { readonly field: string }, value: unknown): void {
    const coerced = coerceValue(value, mapped.subject);
    if (coerced !== undefined) out[mapped.field] = coerced;
    else if (this.#plan.clearMissing) out[mapped.field] = '';
  }
}
