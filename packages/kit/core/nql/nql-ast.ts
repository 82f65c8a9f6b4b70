import type { FieldType } from './log-fields.js';

/** A field as the query names it, resolved against the fields in scope at that point. */
export interface FieldRef {
  readonly name: string;
  readonly type: FieldType;
  /** The allowed values of an enumeration field. */
  readonly values?: readonly string[];
}

/** A comparison value, already checked against its field's type and normalised. */
export type Literal =
  | { readonly kind: 'number'; readonly value: number }
  /** Strings and enumeration values; `pattern` when it holds `*` or `?` wildcards. */
  | { readonly kind: 'text'; readonly value: string; readonly pattern: boolean };

export type ComparisonOp = '==' | '!=' | '<' | '>' | '<=' | '>=';

export type Condition =
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'compare'; readonly field: FieldRef; readonly op: ComparisonOp; readonly value: Literal }
  | { readonly kind: 'in'; readonly field: FieldRef; readonly negated: boolean; readonly values: readonly Literal[] };

export interface SortKey {
  readonly field: FieldRef;
  readonly direction: 'asc' | 'desc';
}

export type Stage =
  | { readonly kind: 'where'; readonly condition: Condition }
  | { readonly kind: 'list'; readonly fields: readonly FieldRef[] }
  | { readonly kind: 'sort'; readonly keys: readonly SortKey[] }
  | { readonly kind: 'limit'; readonly count: number }
  | { readonly kind: 'summarize'; readonly alias: string; readonly by: readonly FieldRef[] };

export interface NqlQuery {
  readonly table: string;
  /** `during past 7d` as milliseconds. */
  readonly duringMs?: number;
  readonly stages: readonly Stage[];
}
