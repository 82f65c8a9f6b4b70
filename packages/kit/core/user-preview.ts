import type { ChangeAction } from './ledger/change-action.js';
import type { FieldValue, IdentifierKind, SourceRecord } from './records.js';

/** One mapped field of a previewed record, against the value the store holds. */
export interface PreviewField {
  /** The target field (`mapping.fields[].target`). */
  readonly field: string;
  /** The source expression (`mapping.fields[].source`). */
  readonly expression: string;
  /**
   * The mapped value; absent when the field is left out (no value, `onMissingValue: keep`) or failed.
   * On a record whose mapping failed, each field is mapped on its own, and one without a value has none.
   */
  readonly value?: FieldValue;
  /** Why the field failed (the whole row would be rejected). */
  readonly error?: string;
  /**
   * The expression is a plain path the record does not hold, with the closest field it does hold: a
   * misspelt `Departmnet` reads nothing, so a run writes the field empty (or leaves it out).
   */
  readonly hint?: string;
  /** What the store holds for the user now (`null`: nothing), when the sink can be read. */
  readonly stored?: string | null;
  /**
   * What a commit would do to it; `unchanged` when the value is the one stored, or the field is left
   * out. Only on a record a run would write (`processed`) whose store could be read.
   */
  readonly action?: ChangeAction | 'unchanged';
}

/** One record the source returned for the previewed user, step by step. */
export interface PreviewRecord {
  /** The record as received. */
  readonly received: SourceRecord;
  /** The identification: the user it names, or why it names none. */
  readonly identification:
    | { readonly ok: true; readonly kind: IdentifierKind; readonly value: string }
    | { readonly ok: false; readonly error: string };
  /** What the limits and the listeners (row limit, field length, expression time) said about it. */
  readonly limits: readonly string[];
  readonly fields: readonly PreviewField[];
  /**
   * A run would write this record: it is identified, no limit or listener ignores it, and every field
   * mapped. When false, the identification, the limits or a field's error says why.
   */
  readonly processed: boolean;
}

/** A step of a preview that failed: asking the source (`find`), or mapping its records (`map`). */
export type PreviewStep = 'start' | 'find' | 'map';

/** What `tributary preview` shows: nothing is written; a dry-run entry is logged. */
export interface UserPreview {
  readonly nqlId: string;
  /** The UPN or email asked for. */
  readonly user: string;
  /** The source field matched against it (the identification's path). */
  readonly matchedField: string;
  readonly records: readonly PreviewRecord[];
  /** Whether the sink's store could be read for the `stored` values, or why not. */
  readonly store: { readonly read: true } | { readonly read: false; readonly reason: string };
  /** The dry-run entry logged for the preview. */
  readonly runId: string;
  /**
   * The step that failed, when one did (`start`: the run could not start, e.g. an execution listener),
   * with the error's sentence and code; the entry is then logged as a failure and `records` is empty.
   */
  readonly failed?: { readonly step: PreviewStep; readonly error: string; readonly code?: string };
}
