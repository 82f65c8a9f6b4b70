import { expect } from 'chai';
import { compileNql, NqlSyntaxError, parseNql } from '../../../core/index.js';
import { sqliteDialect } from '../store/sqlite-dialect.js';

const T = 'platform.inbound_connector_logs';

/** Parses, expecting a typed error; returns it. */
function failure(query: string): NqlSyntaxError {
  try {
    parseNql(query);
  } catch (error) {
    expect(error).to.be.instanceOf(NqlSyntaxError);
    return error as NqlSyntaxError;
  }
  throw new Error(`expected ${query} to fail`);
}

describe('execution-log NQL errors', () => {
  const cases: Array<[query: string, message: string, token: string]> = [
    [
      `${T} | whre status == failure`,
      'Unexpected token "whre" at column 35: expected where, list, sort, limit or summarize',
      'whre',
    ],
    [
      `${T} during past 7d | whre`,
      'Unexpected token "whre" at column 50: expected where, list, sort, limit or summarize',
      'whre',
    ],
    [
      'platform.inbound_connector_log',
      'Unexpected token "platform.inbound_connector_log" at column 1: expected platform.inbound_connector_logs or platform.user_attribute_changes',
      'platform.inbound_connector_log',
    ],
    [
      '',
      'Unexpected end of query at column 1: expected platform.inbound_connector_logs or platform.user_attribute_changes',
      '',
    ],
    [`${T} list time`, 'Unexpected token "list" at column 33: expected during, "|" or the end of the query', 'list'],
    [`${T} during 7d`, 'Unexpected token "7d" at column 40: expected past', '7d'],
    [`${T} during past 7w`, 'Unexpected token "7w" at column 45: expected a duration such as 30min, 24h or 7d', '7w'],
    [`${T} during past 0d`, 'Unexpected token "0d" at column 45: expected a duration such as 30min, 24h or 7d', '0d'],
    [`${T} during past 7d list`, 'Unexpected token "list" at column 48: expected "|" or the end of the query', 'list'],
    [`${T} |`, 'Unexpected end of query at column 34: expected where, list, sort, limit or summarize', ''],
    [
      `${T} | where details.nme == "x"`,
      'Unknown field "details.nme" at column 41: expected one of time, status, details.name, details.description, details.connector, details.credentials, details.credentials_id, details.nql_id, details.number_of_received_rows, details.number_of_processed_rows, details.run_id, details.started_at, details.duration_ms, details.number_of_imported_rows, details.api_calls, details.host, details.scheduled_for, details.dry_run, details.sync_mode, details.number_of_leavers, details.number_of_changes',
      'details.nme',
    ],
    [
      `${T} | where status faillure`,
      'Unexpected token "faillure" at column 48: expected an operator (==, =, !=, <, >, <=, >=, in or !in)',
      'faillure',
    ],
    [
      `${T} | where status == faillure`,
      'Unknown status "faillure" at column 51: expected success, partial or failure',
      'faillure',
    ],
    [
      `${T} | where status == 3`,
      'Unexpected token "3" at column 51: expected one of success, partial or failure for status',
      '3',
    ],
    [
      `${T} | where status < failure`,
      'Operator < at column 48 does not apply to the enumeration status: use ==, !=, in or !in',
      '<',
    ],
    [
      `${T} | where details.api_calls == "3"`,
      'Unexpected token "\\"3\\"" at column 62: expected a number for details.api_calls',
      '"3"',
    ],
    [
      `${T} | where details.name == sales`,
      'Unexpected token "sales" at column 57: expected a quoted string for details.name',
      'sales',
    ],
    [`${T} | where details.name == "sales`, 'Unterminated string starting at column 57', '"sales'],
    [`${T} | where details.name # "x"`, 'Unexpected character "#" at column 54', '#'],
    [`${T} | where details.name == "x" and`, 'Unexpected end of query at column 64: expected a field name', ''],
    [`${T} | where (status == failure`, 'Unexpected end of query at column 59: expected ")"', ''],
    [`${T} | where status in [partial failure]`, 'Unexpected token "failure" at column 60: expected "]"', 'failure'],
    [`${T} | where status in partial`, 'Unexpected token "partial" at column 51: expected "["', 'partial'],
    [
      `${T} | where time > "yesterday"`,
      'Invalid date "yesterday" at column 48 for time: expected ISO 8601, e.g. "2026-11-25T08:00:00Z"',
      '"yesterday"',
    ],
    [`${T} | list time,`, 'Unexpected end of query at column 45: expected a field name', ''],
    [
      `${T} | list time | where status == failure`,
      'Unknown field "status" at column 53: expected one of time',
      'status',
    ],
    [
      `${T} | sort time sideways`,
      'Unexpected token "sideways" at column 45: expected "|" or the end of the query',
      'sideways',
    ],
    [`${T} | limit -1`, 'Unexpected token "-1" at column 41: expected a whole number of rows', '-1'],
    [`${T} | limit 2.5`, 'Unexpected token "2.5" at column 41: expected a whole number of rows', '2.5'],
    [`${T} | summarize runs = sum()`, 'Unexpected token "sum" at column 52: expected count', 'sum'],
    [`${T} | summarize runs count()`, 'Unexpected token "count" at column 50: expected "="', 'count'],
    [
      `${T} | summarize status = count()`,
      'The name "status" at column 45 is already a field: pick another name for the count',
      'status',
    ],
    [`${T} | summarize runs = count() by`, 'Unexpected end of query at column 62: expected a field name', ''],
    [
      `${T} | summarize runs = count() by status | list time`,
      'Unknown field "time" at column 77: expected one of status, runs',
      'time',
    ],
  ];

  for (const [query, message, token] of cases) {
    it(`${query || '(empty)'} → ${message.slice(0, 60)}`, () => {
      const error = failure(query);
      expect(error.message).to.equal(message);
      expect(error.token).to.equal(token);
      expect(error.code).to.equal('NQL_SYNTAX');
      expect(error.category).to.equal('config');
      // The column points at the token in the query (1-based).
      expect(query.slice(error.column - 1, error.column - 1 + token.length)).to.equal(token);
    });
  }

  it('never puts a value into the SQL text', () => {
    const sneaky = `x" OR 1=1; DROP TABLE inbound_connector_logs; --`;
    const compiled = compileNql(
      parseNql(`${T} | where details.name == '${sneaky}' or details.api_calls > 41`),
      new Date(),
      sqliteDialect,
    );
    expect(compiled.sql).to.not.contain('DROP');
    expect(compiled.sql).to.not.contain('41');
    expect(compiled.params).to.deep.equal([sneaky.toLowerCase(), 41]);
  });
});
