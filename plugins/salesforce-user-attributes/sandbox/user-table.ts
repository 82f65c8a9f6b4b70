/**
 * The generated User table. Row `i` is a pure function of (seed, i): nothing is stored, so a table of
 * three million users costs no memory until a page of it is rendered.
 */
import { chance, hash3, pick } from './seeded-random.js';
import { salesforceId, seedTag } from './salesforce-id.js';
import { formatDateTime, type FieldDef, type SObjectRow, type SObjectTable } from './sobject-table.js';
import { asciiLower, DEPARTMENTS, DIVISIONS, FIRST_NAMES, LAST_NAMES, PLACES, TITLES } from './user-names.js';

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

const USER_FIELDS: readonly FieldDef[] = [
  { name: 'Id', type: 'id' }, { name: 'Username', type: 'string' }, { name: 'Email', type: 'email' },
  { name: 'FirstName', type: 'string' }, { name: 'LastName', type: 'string' }, { name: 'Name', type: 'string' },
  { name: 'Alias', type: 'string' }, { name: 'Department', type: 'string' }, { name: 'Division', type: 'string' },
  { name: 'Title', type: 'string' }, { name: 'CompanyName', type: 'string' },
  { name: 'EmployeeNumber', type: 'string' }, { name: 'FederationIdentifier', type: 'string' },
  { name: 'City', type: 'string' }, { name: 'Country', type: 'string' }, { name: 'UserType', type: 'picklist' },
  { name: 'IsActive', type: 'boolean' }, { name: 'IsDeleted', type: 'boolean' },
  { name: 'ManagerId', type: 'reference' }, { name: 'Cost_Center__c', type: 'string' },
  { name: 'CreatedDate', type: 'datetime' }, { name: 'LastModifiedDate', type: 'datetime' },
  { name: 'SystemModstamp', type: 'datetime' },
];

const FIRST_ASCII = FIRST_NAMES.map(asciiLower);
const LAST_ASCII = LAST_NAMES.map(asciiLower);
const EPOCH_2015 = Date.UTC(2015, 0, 5, 8, 0, 0);
const DAY_MS = 86_400_000;
const TOP_MANAGERS = 5;

export function createUserTable(options: UserTableOptions): SObjectTable {
  const { users, seed } = options;
  const size = users + (options.deletedUsers ?? 0);
  const duplicateUpns = options.duplicateUpns ?? 0;
  const inactivePercent = options.inactivePercent ?? 5;
  const tag = seedTag(seed);
  const h = (i: number, salt: number): number => hash3(seed, i, salt);

  const firstIndex = (i: number): number => h(i, 1) % FIRST_NAMES.length;
  const lastIndex = (i: number): number => h(i, 2) % LAST_NAMES.length;
  const login = (i: number): string => `${FIRST_ASCII[firstIndex(i)]}.${LAST_ASCII[lastIndex(i)]}`;
  const username = (i: number): string => `${login(i < duplicateUpns ? 0 : i)}.${i < duplicateUpns ? 1 : i + 1}@acme.example`;

  /** Managers sit earlier in the table, so the hierarchy is a tree rooted in the first users. */
  const managerIndex = (i: number): number => {
    if (i < TOP_MANAGERS || chance(h(i, 3), 4)) return -1;
    return h(i, 4) % Math.max(TOP_MANAGERS, Math.floor(i / 8));
  };

  const row = (i: number): SObjectRow => {
    const f = firstIndex(i);
    const l = lastIndex(i);
    const first = FIRST_NAMES[f] as string;
    const last = LAST_NAMES[l] as string;
    const manager = managerIndex(i);
    const place = pick(PLACES, h(i, 5));
    const created = EPOCH_2015 + Math.floor((i / Math.max(size, 1)) * 3000) * DAY_MS + (h(i, 6) % DAY_MS);
    const modified = Math.min(created + (h(i, 7) % (400 * DAY_MS)), Date.UTC(2026, 0, 1));
    const upn = username(i);
    return {
      Id: salesforceId('005', tag, i + 1),
      Username: upn,
      Email: `${FIRST_ASCII[f]}.${LAST_ASCII[l]}@acme.example`,
      FirstName: first,
      LastName: last,
      Name: `${first} ${last}`,
      Alias: `${(FIRST_ASCII[f] as string).slice(0, 1)}${(LAST_ASCII[l] as string).slice(0, 4)}`,
      Department: pick(DEPARTMENTS, h(i, 8)),
      Division: pick(DIVISIONS, h(i, 9)),
      Title: pick(TITLES, h(i, 10)),
      CompanyName: 'Acme Corporation',
      EmployeeNumber: chance(h(i, 11), 5) ? null : String(10_000 + i),
      FederationIdentifier: chance(h(i, 12), 10) ? null : upn,
      City: place[0],
      Country: place[1],
      UserType: 'Standard',
      IsActive: !chance(h(i, 13), inactivePercent),
      IsDeleted: i >= users,
      ManagerId: manager < 0 ? null : salesforceId('005', tag, manager + 1),
      Cost_Center__c: chance(h(i, 14), 8) ? null : `CC-${1000 + (h(i, 15) % 9000)}`,
      CreatedDate: formatDateTime(created),
      LastModifiedDate: formatDateTime(modified),
      SystemModstamp: formatDateTime(modified),
    };
  };

  return {
    name: 'User',
    keyPrefix: '005',
    liveSize: users,
    size,
    fields: USER_FIELDS,
    relationships: [{ name: 'Manager', target: 'User', parentIndex: managerIndex }],
    row,
  };
}
