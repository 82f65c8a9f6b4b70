/**
 * The shape every generated sObject table has: a schema (fields and parent relationships) and rows
 * that are rebuilt on demand from their index, never stored.
 */

export type FieldType = 'id' | 'reference' | 'string' | 'email' | 'picklist' | 'boolean' | 'datetime' | 'address';

/** A value as Salesforce's REST API returns it: a scalar, or a compound field's object (`Address`). */
export type FieldValue = string | boolean | null | Readonly<Record<string, string | null>>;

/** One generated record: field API name → value. */
export type SObjectRow = Readonly<Record<string, FieldValue>>;

/** The value of one field for the row at `index`, computed on demand. */
export type FieldReader = (index: number) => FieldValue;

export interface FieldDef {
  /** API name, in the case Salesforce returns it whatever the case typed in SOQL. */
  readonly name: string;
  readonly type: FieldType;
  readonly read: FieldReader;
}

/** A child-to-parent relationship such as `User.Manager` (field `ManagerId`). */
export interface RelationshipDef {
  readonly name: string;
  /** Name of the parent sObject (a key of the catalog). */
  readonly target: string;
  /** Index of the parent row for the row at `index`, or -1 when the lookup is empty. */
  parentIndex(index: number): number;
}

/**
 * Where rows modified at or after an instant can be (the User table's): generated rows are modified
 * later the further down the table they are, and edited rows anywhere. A query planner narrows the rows
 * a `SystemModstamp >= …` condition scans with it.
 */
interface ModstampIndex {
  /** The first row whose generated `SystemModstamp` and `LastModifiedDate` may be at or after `instant` (epoch ms); `size` when none is. */
  firstGeneratedFrom(instant: number): number;
  /** The edited rows among `from` (inclusive) … `to` (exclusive), ascending. */
  editedIn(from: number, to: number): Int32Array;
}

export interface SObjectTable {
  readonly name: string;
  readonly keyPrefix: string;
  /** Rows `query` returns: indices 0 … liveSize-1. */
  readonly liveSize: number;
  /** Rows `queryAll` returns: live rows, then deleted rows up to size-1. */
  readonly size: number;
  readonly fields: readonly FieldDef[];
  readonly relationships: readonly RelationshipDef[];
  /** The `Id` reader (every record's `attributes.url` needs it). */
  readonly id: FieldReader;
  /** Where rows modified from an instant on can be, for a table that knows. */
  readonly modstamps?: ModstampIndex;
}

/** Every field of one row (for tests and debugging; rendering reads only the selected fields). */
export function rowOf(table: SObjectTable, index: number): SObjectRow {
  return Object.fromEntries(table.fields.map((f) => [f.name, f.read(index)]));
}

/** Every table of one sandbox, looked up case-insensitively by sObject name. */
export type SObjectCatalog = ReadonlyMap<string, SObjectTable>;

export function catalogOf(tables: readonly SObjectTable[]): SObjectCatalog {
  return new Map(tables.map((t) => [t.name.toLowerCase(), t]));
}

/** The instant (epoch ms) of a datetime as Salesforce writes it (`…T20:49:32.000+0000`) or as SOQL takes it (`…T20:49:32Z`). */
export function instantOf(datetime: string): number {
  return Date.parse(datetime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/** Salesforce's datetime format, to the second: `2013-05-20T20:49:32.000+0000`. */
export function formatDateTime(epochMs: number): string {
  return `${new Date(epochMs - (epochMs % 1000)).toISOString().slice(0, 19)}.000+0000`;
}
