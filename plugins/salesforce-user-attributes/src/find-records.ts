import {
  ConfigError,
  escapeCharacters,
  type ConnectorContext,
  type RecordMatch,
  type SourceRecord,
} from 'tributary-kit';
import { connectorClient, type ConnectorDependencies } from './connector-client.js';
import { missingCredentialError } from './missing-credential.js';
import type { SalesforceParameters } from './parameters.js';
import { composeQuery, queryParts, withoutLiterals } from './query-parts.js';
import { queryOnce } from './query-once.js';
import { foreignRecordType, notUserError } from './user-records.js';

/** Most records a preview asks for: a user has one, a few at most. */
const MOST_RECORDS = 10;
/** A field or relationship path as SOQL names it: `Username`, `Manager.Email`. */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
/** Clauses after which no `LIMIT` can be added, or whose rows a filter would change. */
const OWN_LIMIT = /\b(limit|offset|group\s+by|having|for\s+(?:view|update|reference))\b/i;
/** The characters a SOQL string literal escapes with a backslash, and their escapes. */
const SOQL_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** `value` as a SOQL string literal, quoted: a backslash, a quote and the control characters SOQL names escaped. */
export function soqlString(value: string): string {
  return `'${escapeCharacters(value, /[\\'\n\r\t\b\f]/g, SOQL_ESCAPES)}'`;
}

function refused(query: string, why: string): ConfigError {
  return new ConfigError(
    'SF_PREVIEW_QUERY',
    `Salesforce: a preview adds a condition to the query's WHERE clause and a LIMIT, which this query cannot take: ${why}`,
    { details: { query } },
  );
}

/**
 * The configured query restricted to the records whose `match.field` equals `match.value`: its own
 * WHERE clause in parentheses AND `<field> = '<value>'`, at most {@link MOST_RECORDS} records. A query
 * that limits, skips or groups its rows (or locks them) is refused, as is a field that is no SOQL path.
 */
export function matchQuery(query: string, match: RecordMatch): string {
  if (!FIELD_PATH.test(match.field))
    throw new ConfigError(
      'SF_PREVIEW_FIELD',
      `Salesforce: a preview matches the identification's field in SOQL, and ${JSON.stringify(match.field)} is no SOQL field name`,
    );
  const parts = queryParts(query);
  if (!parts) throw refused(query, 'it has no top-level SELECT … FROM');
  const own = OWN_LIMIT.exec(withoutLiterals(parts.tail))?.[1];
  if (own !== undefined) throw refused(query, `it has its own ${own.toUpperCase().replace(/\s+/, ' ')}`);
  return composeQuery(parts, [`${match.field} = ${soqlString(match.value)}`], `LIMIT ${MOST_RECORDS}`);
}

/**
 * The records of the connector's query for one user ({@link matchQuery}), read with one REST query
 * request (an expired session renewed once), counted as the run's API calls.
 */
export async function findRecords(
  context: ConnectorContext<SalesforceParameters>,
  match: RecordMatch,
  deps: ConnectorDependencies,
): Promise<readonly SourceRecord[]> {
  const { credential } = context;
  if (!credential) throw missingCredentialError(context.nqlId);
  const query = matchQuery(context.parameters.query, match);
  const session = { context, client: connectorClient(context, credential, deps), deps };
  const page = await queryOnce(session, query);
  const foreign = foreignRecordType(page);
  if (foreign !== undefined) throw notUserError(foreign);
  return page.records;
}
