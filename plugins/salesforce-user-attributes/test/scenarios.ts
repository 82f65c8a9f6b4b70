import type { SandboxFaults } from '../../salesforce-sandbox/index.js';
import type { SalesforceParameters } from '../src/parameters.js';

export const USERS_QUERY = 'SELECT Id, Username, Department, Manager.Name FROM User';

/**
 * Three users of the seeded table (seed 1) down one reporting line: Hannah Santos has no manager, Noah
 * Hansen reports to her, Karin Jensen to him; so `Manager` is null, then `Manager.Manager`, then neither.
 * Karin has no FederationIdentifier (a scalar null).
 */
export const RELATIONSHIP_QUERY =
  'SELECT Id, Username, FederationIdentifier, Manager.Name, Manager.Manager.Name FROM User' +
  " WHERE Id IN ('005010000000004AAA', '005010000000006AAA', '00501000000000rAAA')";

/** A conversation recorded against the sandbox by `npm run record` and replayed by the specs. */
export interface RecordedScenario {
  /** Fixture file name under test/fixtures/. */
  readonly name: string;
  readonly sandbox: {
    readonly users?: number;
    readonly batchSize?: number;
    readonly apiUsageStart?: number;
    readonly apiLimit?: number;
    readonly faults?: SandboxFaults;
  };
  readonly parameters: Partial<SalesforceParameters> & { readonly query: string };
  readonly run: 'read' | 'check';
  readonly maxRows?: number;
}

const users = (name: string, faults?: SandboxFaults, extra: Partial<RecordedScenario> = {}): RecordedScenario => ({
  name,
  sandbox: { users: 4_500, faults },
  parameters: { query: USERS_QUERY },
  run: 'read',
  ...extra,
});

/** Small pages (the sandbox caps them) keep error fixtures short. */
const small = (name: string, faults?: SandboxFaults, query = USERS_QUERY): RecordedScenario => ({
  name,
  sandbox: { users: 5, batchSize: 2, faults },
  parameters: { query },
  run: 'read',
});

export const RECORDED_SCENARIOS: readonly RecordedScenario[] = [
  users('users-4500'),
  users('relationship-nulls', undefined, { parameters: { query: RELATIONSHIP_QUERY } }),
  small('missing-done', { omitDone: true }),
  { ...small('row-limit'), maxRows: 2 },
  small('session-expiry', { expireSessionAfterPages: 1 }),
  small('session-expiry-twice', { expireSessionAfterPages: 1, expireSessionTimes: 2 }),
  small('invalid-locator', { invalidLocatorOnce: true }),
  small('invalid-locator-twice', { invalidLocatorTimes: 2 }),
  small('server-503-json', { failPage: { page: 2, status: 503, times: 2 } }),
  small('server-503-html', { failPage: { page: 2, status: 503, body: 'html', times: 1 } }),
  small('server-500', { failPage: { page: 1, status: 500, times: 1 } }),
  small('server-503-html-exhausted', { failPage: { page: 1, status: 503, body: 'html', times: 4 } }),
  small('status-406', { failPage: { page: 1, status: 406, body: 'empty' } }),
  small('status-420', { failPage: { page: 2, status: 420, body: 'empty' } }),
  small('rate-limit-429', { rateLimit429Once: true }),
  small('concurrent-limit', { concurrentLimit: 2 }),
  small('daily-limit', { dailyLimitExceeded: true }),
  small('api-disabled', { apiDisabled: true }),
  { ...small('quota-guard'), sandbox: { users: 5, batchSize: 2, apiLimit: 100_000, apiUsageStart: 81_233 } },
  { ...small('quota-guard-mid-run'), sandbox: { users: 5, batchSize: 2, apiLimit: 100_000, apiUsageStart: 79_998 } },
  small('malformed-query', undefined, 'SELECT Id FORM User'),
  small('invalid-field', undefined, 'SELECT Id, Shoe_Size__c FROM User'),
  small('invalid-type', undefined, 'SELECT Id FROM Userz'),
  { name: 'check-good', sandbox: { users: 4_500 }, parameters: { query: USERS_QUERY }, run: 'check' },
  { name: 'check-malformed', sandbox: { users: 5 }, parameters: { query: 'SELECT Id FORM User' }, run: 'check' },
  { name: 'check-account', sandbox: { users: 5 }, parameters: { query: 'SELECT Id, Name FROM Account' }, run: 'check' },
];

/** A connector entry reading USERS_QUERY with the credential `sf` (host-level tests add a sink). */
export const USERS_CONNECTOR = {
  nqlId: 'sf_users',
  name: 'Salesforce users',
  connector: 'salesforce-user-attributes',
  credentials: 'sf',
  parameters: { query: USERS_QUERY },
  mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
};
