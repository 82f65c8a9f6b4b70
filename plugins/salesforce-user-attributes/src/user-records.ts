import { ConfigError } from '../../../core/index.js';
import { recordType } from './strip-attributes.js';

/** The first record type other than `User` among raw records, if any. */
export function foreignRecordType(records: readonly Readonly<Record<string, unknown>>[]): string | undefined {
  for (const record of records) {
    const type = recordType(record);
    if (type !== undefined && type !== 'User') return type;
  }
  return undefined;
}

export function notUserMessage(type: string): string {
  return `the query returns ${type} records, but this connector imports users: select FROM User`;
}

export function notUserError(type: string): ConfigError {
  return new ConfigError('SF_NOT_USER_QUERY', `Salesforce: ${notUserMessage(type)}`, { details: { objectType: type } });
}
