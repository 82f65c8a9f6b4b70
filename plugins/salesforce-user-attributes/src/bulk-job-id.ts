import { excerpt } from './error-body.js';
import { isSalesforceId } from './salesforce-ids.js';
import { unexpectedResponse } from './unexpected-response.js';

/** The key prefix of Bulk API 2.0 job ids. */
const JOB_PREFIX = '750';

/**
 * A Bulk API 2.0 query job's id as Salesforce gives it: a 15- or 18-character Salesforce Id of the job
 * object (`750…`). Anything else (`../../sobjects/User/005…`) is an unexpected answer: it never goes
 * into a request's path.
 */
export function bulkJobId(value: unknown): string {
  if (isSalesforceId(value) && value.startsWith(JOB_PREFIX)) return value;
  throw unexpectedResponse(
    `Salesforce answered a Bulk API 2.0 query job whose id is not a query job's id (${excerpt(JSON.stringify(value) ?? String(value))}): no request was sent for it`,
  );
}
