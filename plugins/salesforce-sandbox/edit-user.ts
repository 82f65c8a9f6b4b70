/**
 * `sandbox.editUser`: changes fields of an existing user, the way a save in the org would, so that tests
 * can make change reads see something. The row's `SystemModstamp` and `LastModifiedDate` become the
 * edit's time (given, or the org's clock). Queries started after the edit see it (REST, queryAll, Id
 * ranges, Bulk jobs, `COUNT()`); every pre-rendered page is dropped.
 */
import type { SandboxState } from './sandbox-state.js';
import type { FieldDef, SObjectTable } from './sobject-table.js';

/** Fields to set, by API name (any case): text (or null) for text fields, true or false for booleans. */
export type UserChanges = Readonly<Record<string, string | boolean | null>>;

export interface EditUserOptions {
  /**
   * The edit's `SystemModstamp`, in epoch ms (kept to the second, as Salesforce does); default the org's
   * clock. An earlier one than a read already saw makes a late commit: an edit visible only now.
   */
  readonly modstamp?: number;
}

/** The edited user: its Id and the `SystemModstamp` it now has (`2026-03-01T10:00:00.000+0000`). */
export interface EditedUser {
  readonly id: string;
  readonly systemModstamp: string;
}

/** Fields an edit cannot set: the key, the relationship, the row's life, and what the edit sets itself. */
const FIXED = new Set(['Id', 'ManagerId', 'IsDeleted', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp']);

function editableField(table: SObjectTable, name: string): FieldDef {
  const field = table.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
  if (!field) throw new RangeError(`editUser: User has no field ${name}`);
  if (FIXED.has(field.name) || field.type === 'address')
    throw new RangeError(`editUser: User.${field.name} cannot be edited (only text and boolean fields can)`);
  return field;
}

function checkedValue(field: FieldDef, value: string | boolean | null): string | boolean | null {
  const wanted = field.type === 'boolean' ? 'boolean' : 'string';
  if (typeof value === wanted || (value === null && wanted === 'string')) return value;
  throw new TypeError(
    `editUser: User.${field.name} takes ${wanted === 'boolean' ? 'true or false' : 'a text or null'}`,
  );
}

export function editUser(
  state: SandboxState,
  index: number,
  changes: UserChanges,
  options: EditUserOptions = {},
): EditedUser {
  const table = state.catalog.get('user') as SObjectTable;
  if (!Number.isInteger(index) || index < 0 || index >= table.size)
    throw new RangeError(`editUser: no user at index ${index} (the table has ${table.size})`);
  const modstamp = options.modstamp ?? state.orgNow();
  if (!Number.isFinite(modstamp) || modstamp < 0)
    throw new RangeError(`editUser: modstamp must be epoch milliseconds, got ${modstamp}`);
  const values: Record<string, string | boolean | null> = {};
  for (const [name, value] of Object.entries(changes)) {
    const field = editableField(table, name);
    values[field.name] = checkedValue(field, value);
  }
  const systemModstamp = state.edits.apply(index, values, modstamp);
  state.pageCache.invalidate();
  return { id: String(table.id(index)), systemModstamp };
}
