import {
  describeError,
  type CompiledExpression,
  type FieldValue,
  type RowMapper,
  type SourceRecord,
} from '../../../core/index.js';

/** What `check` learns from one sample record: the preview row (or its error) and which expressions resolved. */
export interface CheckRow {
  readonly identifier: string | undefined;
  readonly fields: Record<string, FieldValue> | undefined;
  /** The row's error when the identification or the fields failed: a RowError's message. */
  readonly error: string | undefined;
  /** Per field source, in order: whether it gave anything at all (`null` counts). */
  readonly resolved: readonly boolean[];
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
  try {
    identifier = await mapper.identify(record);
    fields = await mapper.fields(record);
  } catch (thrown) {
    error = describeError(thrown);
  }
  const resolved: boolean[] = [];
  for (const source of sources) {
    try {
      resolved.push((await source.evaluate(record)) !== undefined);
    } catch {
      resolved.push(false); // its error shows in the preview
    }
  }
  return { identifier, fields, error, resolved };
}
