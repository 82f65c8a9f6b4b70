import {
  changeAction,
  type ConnectorConfig,
  type PreviewField,
  type PreviewRecord,
  type SourceRecord,
} from '../../core/index.js';
import type { CheckRow } from '../mapping/check-row.js';
import type { RowVerdict } from './preview-verdicts.js';
import { missingPathHint } from './missing-path-hint.js';
import { storeKey, type StoreRead } from './stored-values.js';

/** The row errors that are limits: a value too long, an expression stopped for its time or depth, or for its memory. */
const LIMIT_CODES: ReadonlySet<string> = new Set([
  'MAPPING_VALUE_TOO_LONG',
  'MAPPING_RUNAWAY',
  'MAPPING_OUT_OF_MEMORY',
]);

/** What one previewed record came to: its mapping, what the run's stages made of it, the store, the listeners' words. */
export interface PreviewedRow {
  readonly record: SourceRecord;
  readonly row: CheckRow;
  readonly verdict: RowVerdict;
  readonly store: StoreRead;
  /** What the execution listeners said of the run at its end (why they ignored rows). */
  readonly listenerProblems: readonly string[];
}

function identificationOf(connector: ConnectorConfig, row: CheckRow): PreviewRecord['identification'] {
  if (row.identifier === undefined) return { ok: false, error: row.error ?? 'The identification failed' };
  if (row.identifier === '')
    return { ok: false, error: 'The identification gives no value: a run ignores a record whose identifier is empty' };
  return { ok: true, kind: connector.mapping.identifier, value: row.identifier };
}

/** What the limits and the listeners said of the row: a veto, and the row errors that are limits. */
function limitsOf({ row, verdict, listenerProblems }: PreviewedRow): string[] {
  const said = new Set<string>();
  if (verdict.veto) {
    const why = verdict.veto.problem ?? (listenerProblems.join('; ') || 'a limit');
    said.add(`A run ignores this record: ${why}`);
  }
  if (row.identifier === undefined && row.errorCode !== undefined && LIMIT_CODES.has(row.errorCode))
    said.add(row.error!);
  for (const tried of row.fieldTries ?? [])
    if ('error' in tried && tried.code !== undefined && LIMIT_CODES.has(tried.code)) said.add(tried.error);
  return [...said];
}

/**
 * Field `index` of the row: its value (the row's, or when the row failed, the field's own try) or its
 * error; what the store holds, when it was read and the row is identified; and, on a row a run would
 * write, the action a commit would take (`changeAction`, no leaver), `unchanged` when it takes none.
 */
function fieldOf(
  connector: ConnectorConfig,
  { record, row, verdict, store }: PreviewedRow,
  index: number,
): PreviewField {
  const { source, target } = connector.mapping.fields[index]!;
  const hint = missingPathHint(source, record);
  const tried = row.fieldTries?.[index];
  const value = row.error === undefined ? row.fields?.[target] : tried && 'value' in tried ? tried.value : undefined;
  const field: PreviewField = {
    field: target,
    expression: source,
    ...(value !== undefined ? { value } : {}),
    ...(tried && 'error' in tried ? { error: tried.error } : {}),
    ...(hint !== undefined ? { hint } : {}),
  };
  if (!store.read || !row.identifier) return field;
  const stored = store.values.get(storeKey(row.identifier))?.get(target) ?? null;
  if (!verdict.processed) return { ...field, stored };
  const identifier = { kind: connector.mapping.identifier, value: row.identifier };
  // A field left out (no value, onMissingValue: keep) keeps what is stored.
  const newValue = value === undefined ? stored : String(value);
  const action = changeAction({ identifier, field: target, oldValue: stored, newValue }, false) ?? 'unchanged';
  return { ...field, stored, action };
}

/** One record of a preview, step by step: as received, identified, limited, mapped and compared with the store. */
export function previewRecord(connector: ConnectorConfig, previewed: PreviewedRow): PreviewRecord {
  return {
    received: previewed.record,
    identification: identificationOf(connector, previewed.row),
    limits: limitsOf(previewed),
    fields: connector.mapping.fields.map((_, index) => fieldOf(connector, previewed, index)),
    processed: previewed.verdict.processed,
  };
}
