import type { ConnectorTemplate, HttpClient } from 'tributary-kit';
import { checkUsers } from './check-users.js';
import { findRecords } from './find-records.js';
import { describeUserFields } from './describe-fields.js';
import { salesforceParameters, type SalesforceParameters } from './parameters.js';
import { readUsers } from './read-users.js';
import { selectedQueryFields } from './selected-fields.js';
import type { BulkTiming } from './bulk-timing.js';
import type { RetryDelays } from './salesforce-client.js';
import { validateSalesforceConnector } from './validate-connector.js';

const SALESFORCE_TEMPLATE_ID = 'salesforce-user-attributes';
const SALESFORCE_DISPLAY_NAME = 'Salesforce: User Attributes';

export interface SalesforceTemplateOptions {
  /** Backoff of retried requests (tests pass a few milliseconds). */
  readonly retry?: RetryDelays;
  /** Bulk API 2.0 polling waits and result-set size (tests pass a few milliseconds). */
  readonly bulk?: Partial<BulkTiming>;
  /** The clock that times the query's first page, in milliseconds (default `performance.now`; tests pass a modelled one). */
  readonly now?: () => number;
}

/** The `salesforce-user-attributes` connector template: SOQL over the REST query API, User records only. */
export function createSalesforceUserAttributesTemplate(
  http: HttpClient,
  options: SalesforceTemplateOptions = {},
): ConnectorTemplate<SalesforceParameters> {
  const deps = { http, retry: options.retry, bulk: options.bulk, now: options.now };
  return {
    id: SALESFORCE_TEMPLATE_ID,
    displayName: SALESFORCE_DISPLAY_NAME,
    parameters: salesforceParameters,
    credentialTypes: ['oauth2-client-credentials', 'basic', 'oauth2-jwt-bearer'],
    readsChanges: true,
    validate: validateSalesforceConnector,
    check: (context) => checkUsers(context, deps),
    read: (context) => readUsers(context, deps),
    findRecords: (context, match) => findRecords(context, match, deps),
    describeFields: (context) => describeUserFields(context, deps),
    selectedFields: selectedQueryFields,
  };
}
