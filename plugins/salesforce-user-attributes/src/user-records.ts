import { ConfigError } from 'tributary-kit';

/** The page's record type when it is not `User` (a query returns one object type). */
export function foreignRecordType(page: { readonly recordType: string | undefined }): string | undefined {
  return page.recordType !== undefined && page.recordType !== 'User' ? page.recordType : undefined;
}

export function notUserMessage(type: string): string {
  return `the query returns ${type} records, but this connector imports users: select FROM User`;
}

export function notUserError(type: string): ConfigError {
  return new ConfigError('SF_NOT_USER_QUERY', `Salesforce: ${notUserMessage(type)}`, { details: { objectType: type } });
}
