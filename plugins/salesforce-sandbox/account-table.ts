/**
 * A few generated Accounts, so that a query on another object returns records whose
 * `attributes.type` is not `User` (what a connector's `check` must notice).
 */
import { hash3, pick } from './seeded-random.js';
import { salesforceId, seedTag } from './salesforce-id.js';
import { formatDateTime, type FieldDef, type SObjectTable } from './sobject-table.js';

const NAMES = [
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark Industries',
  'Wayne Enterprises',
  'Tyrell',
  'Cyberdyne',
];
const INDUSTRIES = ['Banking', 'Manufacturing', 'Retail', 'Technology', 'Healthcare', 'Energy'];
const TYPES = ['Customer - Direct', 'Customer - Channel', 'Prospect', 'Partner'];

export function createAccountTable(accounts: number, seed: number, owners: number): SObjectTable {
  const tag = seedTag(seed);
  const h = (i: number, salt: number): number => hash3(seed, i, salt);
  const ownerIndex = (i: number): number => (owners > 0 ? h(i, 21) % owners : -1);
  const created = (i: number): number => Date.UTC(2016, 0, 1) + (h(i, 22) % 2000) * 86_400_000;
  const id = (i: number): string => salesforceId('001', tag, i + 1);
  const fields: FieldDef[] = [
    { name: 'Id', type: 'id', read: id },
    { name: 'Name', type: 'string', read: (i) => `${pick(NAMES, h(i, 23))} ${i + 1}` },
    { name: 'Industry', type: 'picklist', read: (i) => pick(INDUSTRIES, h(i, 24)) },
    { name: 'Type', type: 'picklist', read: (i) => pick(TYPES, h(i, 25)) },
    { name: 'AccountNumber', type: 'string', read: (i) => `AC-${100_000 + i}` },
    {
      name: 'OwnerId',
      type: 'reference',
      read: (i) => (ownerIndex(i) < 0 ? null : salesforceId('005', tag, ownerIndex(i) + 1)),
    },
    { name: 'IsDeleted', type: 'boolean', read: () => false },
    { name: 'CreatedDate', type: 'datetime', read: (i) => formatDateTime(created(i)) },
    { name: 'LastModifiedDate', type: 'datetime', read: (i) => formatDateTime(created(i) + 30 * 86_400_000) },
  ];
  return {
    name: 'Account',
    keyPrefix: '001',
    liveSize: accounts,
    size: accounts,
    fields,
    relationships: [{ name: 'Owner', target: 'User', parentIndex: ownerIndex }],
    id,
  };
}
