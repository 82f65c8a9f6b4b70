import {
  describeError,
  isTributaryError,
  type CompiledExpression,
  type FieldValue,
  type RowMapper,
  type SourceRecord,
} from '../../core/index.js';
import { rowMapperOf } from '../../core/mapping/compiled-row-mapper.js';

/** One field mapped on its own: its value (none when the expression gave none), or the error that rejects the row. */
type FieldTry = { readonly value?: FieldValue } | { readonly error: string; readonly code?: string };

/** What `check` learns from one sample record: the preview row (or its error) and which expressions resolved. */
export interface CheckRow {
  readonly identifier: string | undefined;
  readonly fields: Record<string, FieldValue> | undefined;
  /** The row's error when the identification or the fields failed: a RowError's message. */
  readonly error: string | undefined;
  /** The code of that error (`MAPPING_VALUE_TOO_LONG`, `MAPPING_RUNAWAY`, …). */
  readonly errorCode?: string;
  /** Per field source, in order: whether it gave anything at all (`null` counts). */
  readonly resolved: readonly boolean[];
  /**
   * When the row failed: every field mapped on its own, in order, as a run maps it (a run rejects the
   * row at its first failure, and writes none of it, so what the others would give is shown here).
   */
  readonly fieldTries?: readonly FieldTry[];
}

/** Each field of `mapper` mapped on its own: the run's coercion and row errors, one field at a time. */
async function tryEachField(
  mapper: RowMapper,
  sources: readonly CompiledExpression[],
  record: SourceRecord,
): Promise<FieldTry[]> {
  const tries: FieldTry[] = [];
  for (const [i, expression] of sources.entries()) {
    const target = mapper.targets[i]!;
    const alone = rowMapperOf(mapper.identifierKind, false, expression, [{ target, expression }]);
    try {
      tries.push({ value: (await alone.fields(record))[target] });
    } catch (thrown) {
      tries.push(
        isTributaryError(thrown) ? { error: thrown.message, code: thrown.code } : { error: describeError(thrown) },
      );
    }
  }
  return tries;
}

/** Tries the mapping on one record, as `check` reports it; never throws. */
export async function checkRow(
  mapper: RowMapper,
  sources: readonly CompiledExpression[],
  record: SourceRecord,
): Promise<CheckRow> {
  let identifier: string | undefined;
  let fields: Record<string, FieldValue> | undefined;
  let error: string | undefined;
  let errorCode: string | undefined;
  try {
    identifier = await mapper.identify(record);
    fields = await mapper.fields(record);
  } catch (thrown) {
    error = describeError(thrown);
    if (isTributaryError(thrown)) errorCode = thrown.code;
  }
  const resolved: boolean[] = [];
  for (const source of sources) {
    try {
      resolved.push((await source.evaluate(record)) !== undefined);
    } catch {
      resolved.push(false); // its error shows in the preview
    }
  }
  if (error === undefined) return { identifier, fields, error, resolved };
  return { identifier, fields, error, errorCode, resolved, fieldTries: await tryEachField(mapper, sources, record) };
}
