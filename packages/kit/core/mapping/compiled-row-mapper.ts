import type { FieldValue, IdentifierKind, SourceRecord } from '../records.js';
import { coerceIdentifier, coerceValue } from './coerce-value.js';
import { evaluateLater, evaluateNow, type MappedExpression } from './mapped-expression.js';
import type { CompiledExpression, RowMapper } from './row-mapper.js';

/** What a row mapper evaluates: every expression compiled, with the names its row errors use. */
export interface CompiledMapping {
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
  /** Each field's expression, in order, to evaluate on its own (`check` reports which resolve). */
  readonly fieldExpressions: readonly CompiledExpression[];
  readonly #mapping: CompiledMapping;
  readonly #fieldsNative: boolean;

  constructor(mapping: CompiledMapping) {
    this.#mapping = mapping;
    this.#fieldsNative = mapping.fields.every((f) => f.expression.native);
    this.allNative = this.#fieldsNative && mapping.identification.expression.native;
    this.identifierKind = mapping.identifierKind;
    this.targets = Object.freeze(mapping.fields.map((f) => f.field));
    this.fieldExpressions = Object.freeze(mapping.fields.map((f) => f.expression));
  }

  identify(record: SourceRecord): string | Promise<string> {
    const identification = this.#mapping.identification;
    if (identification.expression.native)
      return coerceIdentifier(evaluateNow(identification, record), identification.subject);
    return evaluateLater(identification, record).then((value) => coerceIdentifier(value, identification.subject));
  }

  fields(record: SourceRecord): Record<string, FieldValue> | Promise<Record<string, FieldValue>> {
    if (!this.#fieldsNative) return this.#fieldsLater(record);
    const out: Record<string, FieldValue> = {};
    for (const mapped of this.#mapping.fields) this.#put(out, mapped, evaluateNow(mapped, record));
    return out;
  }

  async #fieldsLater(record: SourceRecord): Promise<Record<string, FieldValue>> {
    const out: Record<string, FieldValue> = {};
    for (const mapped of this.#mapping.fields) {
      // One at a time: each jsonata evaluation's time budget then measures that expression alone.
      const value = mapped.expression.native ? evaluateNow(mapped, record) : await evaluateLater(mapped, record);
      this.#put(out, mapped, value);
    }
    return out;
  }

  #put(out: Record<string, FieldValue>, mapped: MappedExpression & { readonly field: string }, value: unknown): void {
    const coerced = coerceValue(value, mapped.subject);
    if (coerced !== undefined) out[mapped.field] = coerced;
    else if (this.#mapping.clearMissing) out[mapped.field] = '';
  }
}

/** The row mapper of compiled expressions, with the subjects row errors name them by. */
export function rowMapperOf(
  identifierKind: IdentifierKind,
  clearMissing: boolean,
  identification: CompiledExpression,
  fields: readonly { readonly target: string; readonly expression: CompiledExpression }[],
): CompiledRowMapper {
  return new CompiledRowMapper({
    identifierKind,
    clearMissing,
    identification: { subject: 'Identification', expression: identification },
    fields: fields.map((f) => ({ field: f.target, subject: `Field "${f.target}"`, expression: f.expression })),
  });
}
