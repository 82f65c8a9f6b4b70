/**
 * A few generated Accounts, so that a query on another object returns records whose
 * `attributes.type` is not `User` (what a connector's `check` must notice).
 */
import { hash3, pick } from './seeded-random.js';
import { salesforceId, seedTag } from './salesforce-id.js';
import { formatDateTime, type FieldDef, type SObjectRow, type SObjectTable } from './sobject-table.js';

const ACCOUNT_FIELDS: readonly FieldDef[] = [
  { name: 'Id', type: 'id' }, { name: 'Name', type: 'string' }, { name: 'Industry', type: 'picklist' },
  { name: 'Type', type: 'picklist' }, { name: 'AccountNumber', type: 'string' },
  { name: 'OwnerId', type: 'reference' }, { name: 'IsDeleted', type: 'boolean' },
  { name: 'CreatedDate', type: 'datetime' }, { name: 'LastModifiedDate', type: 'datetime' },
];
const NAMES = ['Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries', 'Wayne Enterprises', 'Tyrell', 'Cyberdyne'];
const INDUSTRIES = ['Banking', 'Manufacturing', 'Retail', 'Technology', 'Healthcare', 'Energy'];
const TYPES = ['Customer - Direct', 'Customer - Channel', 'Prospect', 'Partner'];

export function createAccountTable(accounts: number, seed: number, owners: number): SObjectTable {
  const tag = seedTag(seed);
  const ownerIndex = (i: number): number => (owners > 0 ? hash3(seed, i, 21) % owners : -1);
  const row = (i: number): SObjectRow => {
    const created = Date.UTC(2016, 0, 1) + (hash3(seed, i, 22) % 2000) * 86_400_000;
    const owner = ownerIndex(i);
    return {
      Id: salesforceId('001', tag, i + 1),
      Name: `${pick(NAMES, hash3(seed, i, 23))} ${i + 1}`,
      Industry: pick(INDUSTRIES, hash3(seed, i, 24)),
      Type: pick(TYPES, hash3(seed, i, 25)),
      AccountNumber: `AC-${100_000 + i}`,
      OwnerId: owner < 0 ? null : salesforceId('005', tag, owner + 1),
      IsDeleted: false,
      CreatedDate: formatDateTime(created),
      LastModifiedDate: formatDateTime(created + 30 * 86_400_000),
    };
  };
  return {
    name: 'Account',
    keyPrefix: '001',
    liveSize: accounts,
    size: accounts,
    fields: ACCOUNT_FIELDS,
    relationships: [{ name: 'Owner', target: 'User', parentIndex: ownerIndex }],
    row,
  };
}
