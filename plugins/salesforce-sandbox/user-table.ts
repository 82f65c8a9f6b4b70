/**
 * The generated User table. Every field of row `i` is a pure function of (seed, i): nothing is stored,
 * so three million users cost no memory until a page is rendered, and rendering computes only the
 * selected fields. Edits a test makes (`sandbox.editUser`) are laid over that (`row-edits.ts`).
 */
import { RowEdits } from './row-edits.js';
import { chance, hash3, pick } from './seeded-random.js';
import { salesforceId, seedTag } from './salesforce-id.js';
import { formatDateTime, type FieldDef, type FieldReader, type FieldType, type SObjectTable } from './sobject-table.js';
import {
  asciiLower,
  DEPARTMENTS,
  DIVISIONS,
  FIRST_NAMES,
  LAST_NAMES,
  NICKNAMES,
  PLACES,
  TITLES,
} from './user-names.js';

export interface UserTableOptions {
  readonly users: number;
  readonly seed: number;
  /** Users only `queryAll` returns (IsDeleted = true), after the live ones. */
  readonly deletedUsers?: number;
  /** The first N users share user 0's Username (for per-UPN limit demos). */
  readonly duplicateUpns?: number;
  /** Share of users with IsActive = false, in percent. */
  readonly inactivePercent?: number;
}

const FIRST_ASCII = FIRST_NAMES.map(asciiLower);
const LAST_ASCII = LAST_NAMES.map(asciiLower);
const EPOCH_2015 = Date.UTC(2015, 0, 5, 8, 0, 0);
/** No generated user was modified after this instant. */
const LATEST = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;
/** Users are created over this many days from EPOCH_2015, in table order. */
const CREATION_DAYS = 3000;
/** A user is modified up to 400 days after its creation, a delay a 32-bit hash picks: under 2^32 ms (49.7 days). */
const MODIFIED_WITHIN_DAYS = 400;
const MODIFIED_WITHIN_MS = Math.min(MODIFIED_WITHIN_DAYS * DAY_MS, 2 ** 32);
const TOP_MANAGERS = 5;
/** The parts of a compound address the sandbox does not make up, as Salesforce returns them: null. */
const ADDRESS_UNKNOWN = {
  geocodeAccuracy: null,
  latitude: null,
  longitude: null,
  postalCode: null,
  state: null,
  street: null,
};

const field = (name: string, type: FieldType, read: FieldReader): FieldDef => ({ name, type, read });

/** The day (after EPOCH_2015) row `i` of `size` was created on: it grows with the row. */
const creationDay = (i: number, size: number): number => Math.floor((i / Math.max(size, 1)) * CREATION_DAYS);

/**
 * The first of `size` rows whose generated modstamps may be at or after `instant`: row `i` was modified
 * before the end of its creation day plus MODIFIED_WITHIN_MS, which grows with `i`.
 */
function firstModifiedFrom(size: number, instant: number): number {
  if (instant > LATEST) return size;
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (EPOCH_2015 + (creationDay(mid, size) + 1) * DAY_MS + MODIFIED_WITHIN_MS <= instant) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The User table, with the edits a test lays over its generated rows (`sandbox.editUser`). */
export interface UserTable extends SObjectTable {
  readonly edits: RowEdits;
  /** No generated row was modified after this instant (epoch ms). */
  readonly generatedUntil: number;
}

export function createUserTable(options: UserTableOptions): UserTable {
  const { users, seed } = options;
  const size = users + (options.deletedUsers ?? 0);
  const duplicateUpns = options.duplicateUpns ?? 0;
  const inactivePercent = options.inactivePercent ?? 5;
  const tag = seedTag(seed);
  const h = (i: number, salt: number): number => hash3(seed, i, salt);

  const first = (i: number): number => h(i, 1) % FIRST_NAMES.length;
  const last = (i: number): number => h(i, 2) % LAST_NAMES.length;
  const login = (i: number): string => `${FIRST_ASCII[first(i)]}.${LAST_ASCII[last(i)]}`;
  const username = (i: number): string =>
    i < duplicateUpns ? `${login(0)}.1@acme.example` : `${login(i)}.${i + 1}@acme.example`;
  const userId = (i: number): string => salesforceId('005', tag, i + 1);
  /** Managers sit earlier in the table, so the hierarchy is a tree rooted in the first users. */
  const managerIndex = (i: number): number => {
    if (i < TOP_MANAGERS || chance(h(i, 3), 4)) return -1;
    return h(i, 4) % Math.max(TOP_MANAGERS, Math.floor(i / 8));
  };
  const created = (i: number): number => EPOCH_2015 + creationDay(i, size) * DAY_MS + (h(i, 6) % DAY_MS);
  const modified = (i: number): string =>
    formatDateTime(Math.min(created(i) + (h(i, 7) % (MODIFIED_WITHIN_DAYS * DAY_MS)), LATEST));
  const nullable = (i: number, salt: number, percent: number, value: () => string): string | null =>
    chance(h(i, salt), percent) ? null : value();

  const fields: FieldDef[] = [
    field('Id', 'id', userId),
    field('Username', 'string', username),
    field('Email', 'email', (i) => `${login(i)}@acme.example`),
    field('FirstName', 'string', (i) => FIRST_NAMES[first(i)] as string),
    field('LastName', 'string', (i) => LAST_NAMES[last(i)] as string),
    field('Name', 'string', (i) => `${FIRST_NAMES[first(i)]} ${LAST_NAMES[last(i)]}`),
    field('Alias', 'string', (i) => `${FIRST_ASCII[first(i)]!.slice(0, 1)}${LAST_ASCII[last(i)]!.slice(0, 4)}`),
    field('Department', 'string', (i) => pick(DEPARTMENTS, h(i, 8))),
    field('Division', 'string', (i) => pick(DIVISIONS, h(i, 9))),
    field('Title', 'string', (i) => pick(TITLES, h(i, 10))),
    field('CompanyName', 'string', () => 'Acme Corporation'),
    field('EmployeeNumber', 'string', (i) => nullable(i, 11, 5, () => String(10_000 + i))),
    field('FederationIdentifier', 'string', (i) => nullable(i, 12, 10, () => username(i))),
    field('City', 'string', (i) => pick(PLACES, h(i, 5))[0]),
    field('Country', 'string', (i) => pick(PLACES, h(i, 5))[1]),
    field('Address', 'address', (i) => {
      const [city, country] = pick(PLACES, h(i, 5));
      return { city, country, ...ADDRESS_UNKNOWN };
    }),
    field('UserType', 'picklist', () => 'Standard'),
    field('IsActive', 'boolean', (i) => !chance(h(i, 13), inactivePercent)),
    field('IsDeleted', 'boolean', (i) => i >= users),
    field('ManagerId', 'reference', (i) => {
      const manager = managerIndex(i);
      return manager < 0 ? null : userId(manager);
    }),
    field('Cost_Center__c', 'string', (i) => nullable(i, 14, 8, () => `CC-${1000 + (h(i, 15) % 9000)}`)),
    // Salesforce stores an empty text as null: the empty nickname comes back as null.
    field('Preferred_Name__c', 'string', (i) => nullable(i, 16, 20, () => pick(NICKNAMES, h(i, 17))) || null),
    field('CreatedDate', 'datetime', (i) => formatDateTime(created(i))),
    field('LastModifiedDate', 'datetime', modified),
    field('SystemModstamp', 'datetime', modified),
  ];

  const edits = new RowEdits();
  return {
    name: 'User',
    keyPrefix: '005',
    liveSize: users,
    size,
    fields: fields.map((f) => (f.name === 'Id' ? f : { ...f, read: edits.overlay(f.name, f.read) })),
    relationships: [{ name: 'Manager', target: 'User', parentIndex: managerIndex }],
    id: userId,
    edits,
    generatedUntil: LATEST,
    modstamps: {
      firstGeneratedFrom: (instant) => firstModifiedFrom(size, instant),
      editedIn: (from, to) => edits.indicesIn(from, to),
    },
  };
}
