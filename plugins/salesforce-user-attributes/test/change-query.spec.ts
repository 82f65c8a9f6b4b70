import { expect } from 'chai';
import { DEFAULT_SYNC, type SyncConfig } from 'tributary-kit';
import { changeQueries, soqlDateTime } from '../src/change-query.js';
import { formatCursor, instantOf, laterCursor, parseCursor } from '../src/sync-cursor.js';
import { validateSalesforceConnector } from '../src/validate-connector.js';
import { connectorConfig } from './support/connector-config.js';

const INCREMENTAL: SyncConfig = { ...DEFAULT_SYNC, mode: 'incremental' };
const SINCE = Date.parse('2026-03-01T10:00:00.750Z');

const connector = connectorConfig;

function queries(query: string) {
  const plan = changeQueries(query);
  if (!plan.incremental) throw new Error(plan.reason);
  return plan.queries;
}

const reason = (query: string): string => {
  const plan = changeQueries(query);
  return plan.incremental ? 'incremental' : plan.reason;
};

describe('salesforce-user-attributes change queries', () => {
  it('adds the change filter to the WHERE clause, the query’s own in parentheses, and selects SystemModstamp and Id', () => {
    const q = queries("SELECT Username, Manager.Name FROM User WHERE IsActive = true OR Title = 'from (x)'");
    expect(q.changedSince(SINCE)).to.equal(
      "SELECT Username, Manager.Name, SystemModstamp, Id FROM User WHERE (IsActive = true OR Title = 'from (x)') AND SystemModstamp >= 2026-03-01T10:00:00Z",
    );
    expect(q.tracked).to.equal(
      "SELECT Username, Manager.Name, SystemModstamp, Id FROM User WHERE (IsActive = true OR Title = 'from (x)')",
    );
    expect(q.count).to.equal("SELECT COUNT() FROM User WHERE (IsActive = true OR Title = 'from (x)')");
  });

  it('keeps what the query selects already, and a clause after the WHERE clause where SOQL wants it', () => {
    const q = queries('select id, systemmodstamp, Email from user with security_enforced');
    expect(q.changedSince(SINCE)).to.equal(
      'select id, systemmodstamp, Email from user WHERE SystemModstamp >= 2026-03-01T10:00:00Z with security_enforced',
    );
    expect(q.count).to.equal('SELECT COUNT() from user with security_enforced');
    expect(queries('SELECT FIELDS(STANDARD) FROM User').tracked).to.equal('SELECT FIELDS(STANDARD) FROM User');
    expect(
      queries('SELECT Id, toLabel(Department), (SELECT Id FROM PermissionSetAssignments) FROM User').tracked,
    ).to.equal('SELECT Id, toLabel(Department), (SELECT Id FROM PermissionSetAssignments), SystemModstamp FROM User');
  });

  it('refuses a query whose meaning a change filter would alter, and says why', () => {
    expect(
      [
        'SELECT Id FROM User ORDER BY Username',
        'SELECT Id FROM User LIMIT 10',
        'SELECT Id FROM User OFFSET 10',
        'SELECT Department, COUNT(Id) FROM User GROUP BY Department',
        'SELECT COUNT() FROM User',
        'SELECT MAX(LastLoginDate) FROM User',
        'SELECT Id FROM Account',
        'SELECT Id',
        "SELECT Id FROM User WHERE Title = 'order by x limit 1'",
        "SELECT Id FROM User WHERE Id IN ('005000000000001')",
      ].map(reason),
    ).to.deep.equal([
      'it has its own ORDER BY, whose rows a change filter would change',
      'it has its own LIMIT, whose rows a change filter would change',
      'it has its own OFFSET, whose rows a change filter would change',
      'it has its own GROUP BY, whose rows a change filter would change',
      'its SELECT list has an aggregate function, whose result a change filter would change',
      'its SELECT list has an aggregate function, whose result a change filter would change',
      'the query reads Account, not User',
      'the query has no top-level SELECT … FROM a change filter could be added to',
      'incremental',
      'incremental',
    ]);
  });

  it('writes SOQL datetimes to the second, in UTC', () => {
    expect(soqlDateTime(SINCE)).to.equal('2026-03-01T10:00:00Z');
    expect(soqlDateTime(SINCE - 300_000)).to.equal('2026-03-01T09:55:00Z');
  });
});

describe('salesforce-user-attributes cursors', () => {
  it('compares Salesforce datetimes as instants, whatever their form', () => {
    const rest = instantOf('2026-03-01T10:00:00.000+0000');
    expect(rest).to.equal(Date.parse('2026-03-01T10:00:00Z'));
    expect(instantOf('2026-03-01T11:00:00.000+0100')).to.equal(rest);
    expect(instantOf('2026-03-01T10:00:00Z')).to.equal(rest);
    expect(instantOf('2026-03-01T05:00:00-05:00')).to.equal(rest);
    expect([instantOf('2026-03-01'), instantOf('yesterday'), instantOf(null), instantOf(1)]).to.deep.equal([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('writes the instant and the Id, and reads back what it wrote', () => {
    const cursor = { at: Date.parse('2026-03-01T10:00:00Z'), id: '005Hs00000AbCdEIAZ' };
    expect(formatCursor(cursor)).to.equal('2026-03-01T10:00:00.000Z,005Hs00000AbCdEIAZ');
    expect(parseCursor(formatCursor(cursor))).to.deep.equal(cursor);
    expect(parseCursor('2026-03-01T10:00:00.000+0000')).to.deep.equal({ at: cursor.at, id: undefined });
    for (const bad of ['', 'yesterday', '2026-03-01T10:00:00Z,not an id', '2026-03-01T10:00:00Z,005Hs00000AbCdE,x'])
      expect(() => parseCursor(bad)).to.throw(/is not one this connector sets/);
  });

  it('orders cursors by instant, then by Id', () => {
    const a = { at: 1_000, id: '005000000000002AAA' };
    const b = { at: 1_000, id: '005000000000001AAA' };
    const c = { at: 2_000, id: undefined };
    expect(laterCursor(a, b)).to.equal(a);
    expect(laterCursor(b, a)).to.equal(a);
    expect(laterCursor(a, c)).to.equal(c);
    expect(laterCursor({ at: 1_000, id: undefined }, b)).to.equal(b);
  });
});

describe('salesforce-user-attributes offline checks of incremental connectors', () => {
  it('refuses, under sync mode incremental only, a query a change filter cannot be added to', () => {
    const query = 'SELECT Username FROM User WHERE IsActive = true ORDER BY Username LIMIT 100';
    expect(validateSalesforceConnector(connector(query), undefined)).to.deep.equal([]);
    expect(validateSalesforceConnector(connector(query, { ...INCREMENTAL, mode: 'full' }), undefined)).to.deep.equal(
      [],
    );
    expect(validateSalesforceConnector(connector(query, INCREMENTAL), undefined)).to.deep.equal([
      {
        path: 'parameters.query',
        message:
          "sync mode incremental reads the rows changed since the last run (the query's WHERE clause AND SystemModstamp >= …), " +
          'which this query cannot do: it has its own ORDER BY, whose rows a change filter would change. Use sync mode full, or change the query',
      },
    ]);
    expect(
      validateSalesforceConnector(connector('SELECT Username FROM User WHERE IsActive = true', INCREMENTAL), undefined),
    ).to.deep.equal([]);
  });

  it('says once that a query on another object is no user query', () => {
    const problems = validateSalesforceConnector(connector('SELECT Id FROM Account', INCREMENTAL), undefined);
    expect(problems.map((p) => p.message)).to.deep.equal([
      'the query reads Account, but this connector imports users: select FROM User',
    ]);
  });
});
