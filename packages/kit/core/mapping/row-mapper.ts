import type { IdentifierKind, FieldValue, SourceRecord } from '../records.js';
import type { NativeTree } from './native-tree.js';

/**
 * One compiled JSONata expression. Native ones (plain paths, and the common shapes of a native tree)
 * return synchronously.
 */
export interface CompiledExpression {
  readonly source: string;
  readonly native: boolean;
  /** A plain path's property names (`Manager.Name` → `['Manager', 'Name']`). */
  readonly path?: readonly string[];
  /** The tree a native expression that is not a plain path is evaluated from. */
  readonly tree?: NativeTree;
  evaluate(input: unknown): unknown;
}

/**
 * A connector's mapping, compiled. When `allNative` is true every method
 * returns synchronously (no Promise), so the pipeline needs no `await` per row.
 */
export interface RowMapper {
  readonly allNative: boolean;
  readonly identifierKind: IdentifierKind;
  readonly targets: readonly string[];
  /** The identification, coerced to a string and trimmed; '' when missing or empty. Throws RowError. */
  identify(record: SourceRecord): string | Promise<string>;
  /** The mapped fields, coerced; keys left out under `onMissingValue: keep`. Throws RowError naming the field. */
  fields(record: SourceRecord): Record<string, FieldValue> | Promise<Record<string, FieldValue>>;
}
