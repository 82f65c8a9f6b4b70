import type { ChangeAction } from './ledger/change-action.js';
import type { FieldValue, IdentifierKind, SourceRecord } from './records.js';

/** One mapped field of a previewed record, against the value the store holds. */
export interface PreviewField {
  /** The target field (`mapping.fields[].target`). */
  readonly field: string;
  /** The source expression (`mapping.fields[].source`). */
  readonly expression: string;
  /** The mapped value; absent when the field is left out (no value, `onMissingValue: keep`) or failed. */
  readonly value?: FieldValue;
  /** Why the field failed (the whole row would be rejected). */
  readonly error?: string;
  /** What the store holds for the user now (`null`: nothing), when the sink can be read. */
  readonly stored?: string | null;
  /** What a commit would do to it; `unchanged` when the value is the one stored. */
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
}

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
}
