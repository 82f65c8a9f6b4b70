import { expect } from 'chai';
import fc from 'fast-check';
import { startSandbox, type Sandbox } from '../index.js';
import { parseSoql } from '../soql-parser.js';
import { ApiError } from '../soql-error.js';
import { firstError, get, queryPath, tokenFor, type QueryPage } from './sandbox-client.js';

type UserRecord = Record<string, unknown> & { Manager?: Record<string, unknown> | null };

describe('sandbox SOQL', () => {
  let sandbox: Sandbox;
  let token: string;
  before(async () => {
    sandbox = await startSandbox({ users: 600 });
    token = await tokenFor(sandbox);
  });
  after(() => sandbox.close());

  const query = async (soql: string): Promise<QueryPage & { records: UserRecord[] }> => {
    const reply = await get(sandbox, queryPath(soql), token);
    expect(reply.status, reply.text).to.equal(200);
    return reply.json as QueryPage & { records: UserRecord[] };
  };
  const failure = async (soql: string): Promise<{ status: number; message: string; errorCode: string }> => {
    const reply = await get(sandbox, queryPath(soql), token);
    return { status: reply.status, ...firstError(reply.json) };
  };

  describe('relationship fields', () => {
    it('nest the parent as an object with its own attributes, or null when the lookup is empty', async () => {
      const { records } = await query('SELECT Id, ManagerId, Manager.Name, Manager.Email FROM User');
      const withManager = records.filter((r) => r.Manager !== null);
      const without = records.filter((r) => r.Manager === null);
      expect(without.length).to.be.greaterThan(4);
      expect(withManager.length).to.be.greaterThan(500);
      for (const r of without) expect(r.ManagerId).to.equal(null);
      const sample = withManager[0] as UserRecord;
      const manager = sample.Manager as Record<string, unknown>;
      expect(Object.keys(manager)).to.deep.equal(['attributes', 'Name', 'Email']);
      expect(manager.attributes).to.deep.equal({
        type: 'User',
        url: `/services/data/v62.0/sobjects/User/${String(sample.ManagerId)}`,
      });
    });

    it('resolve to the manager’s own record', async () => {
      const { records } = await query('SELECT Id, Name, Manager.Name, ManagerId FROM User');
      const byId = new Map(records.map((r) => [r.Id, r]));
      for (const r of records.filter((x) => x.Manager)) {
        expect((r.Manager as { Name: string }).Name).to.equal(byId.get(r.ManagerId)?.Name);
      }
    });

    it('follow several levels (Manager.Manager.Name)', async () => {
      const { records } = await query('SELECT Id, Manager.Manager.Name FROM User');
      const nested = records.find((r) => r.Manager && (r.Manager as { Manager: unknown }).Manager);
      expect((nested?.Manager as { Manager: { Name: unknown } }).Manager.Name).to.be.a('string');
    });

    it('keep an empty lookup null at the second level, inside its non-null parent', async () => {
      const { records } = await query('SELECT Id, Manager.Name, Manager.ManagerId, Manager.Manager.Name FROM User');
      const managers = records
        .map((r) => r.Manager)
        .filter((m): m is Record<string, unknown> => m !== null && m !== undefined);
      const topManaged = managers.filter((m) => m.ManagerId === null);
      const deeper = managers.filter((m) => m.ManagerId !== null);
      expect(topManaged.length).to.be.greaterThan(0);
      expect(deeper.length).to.be.greaterThan(0);
      for (const m of topManaged) expect(m.Manager).to.equal(null);
      for (const m of deeper) expect(Object.keys(m.Manager as object)).to.deep.equal(['attributes', 'Name']);
    });
  });

  describe('WHERE, ORDER BY and LIMIT', () => {
    it('filters on text case-insensitively, on booleans and with AND', async () => {
      const { records, totalSize } = await query(
        "SELECT Id, Department, IsActive FROM User WHERE Department = 'sales' AND IsActive = true",
      );
      expect(totalSize).to.equal(records.length).and.to.be.greaterThan(10);
      for (const r of records) expect(r).to.include({ Department: 'Sales', IsActive: true });
    });

    it('filters with !=, <>, OR, IN, NOT IN, LIKE, null and parentheses', async () => {
      const all = (await query('SELECT Id, Department, Title, EmployeeNumber, Username, IsActive FROM User')).records;
      const count = (predicate: (r: UserRecord) => boolean): number => all.filter(predicate).length;
      const cases: [string, (r: UserRecord) => boolean][] = [
        ["Department != 'Sales'", (r) => r.Department !== 'Sales'],
        ["Department <> 'Sales'", (r) => r.Department !== 'Sales'],
        ["Department = 'IT' OR Department = 'Legal'", (r) => r.Department === 'IT' || r.Department === 'Legal'],
        ["Department IN ('IT', 'Legal')", (r) => r.Department === 'IT' || r.Department === 'Legal'],
        ["Department NOT IN ('IT', 'Legal')", (r) => r.Department !== 'IT' && r.Department !== 'Legal'],
        ["Username LIKE 'a%'", (r) => String(r.Username).startsWith('a')],
        ['EmployeeNumber = null', (r) => r.EmployeeNumber === null],
        ['EmployeeNumber != null', (r) => r.EmployeeNumber !== null],
        [
          "IsActive = false AND (Department = 'IT' OR Title = 'Director')",
          (r) => r.IsActive === false && (r.Department === 'IT' || r.Title === 'Director'),
        ],
        ["NOT Department = 'IT'", (r) => r.Department !== 'IT'],
      ];
      for (const [where, predicate] of cases) {
        expect((await query(`SELECT Id FROM User WHERE ${where}`)).totalSize, where).to.equal(count(predicate));
      }
      expect(count((r) => r.EmployeeNumber === null)).to.be.greaterThan(0);
    });

    it('filters datetimes with unquoted literals', async () => {
      const all = (await query('SELECT Id, CreatedDate FROM User')).records;
      const expected = all.filter(
        (r) => Date.parse(String(r.CreatedDate).replace('+0000', 'Z')) > Date.parse('2018-01-01T00:00:00Z'),
      ).length;
      expect(expected).to.be.greaterThan(0).and.lessThan(all.length);
      expect((await query('SELECT Id FROM User WHERE CreatedDate > 2018-01-01T00:00:00Z')).totalSize).to.equal(
        expected,
      );
    });

    it('filters on relationship fields', async () => {
      const { records } = await query("SELECT Id, Manager.Department FROM User WHERE Manager.Department = 'IT'");
      expect(records.length).to.be.greaterThan(0);
      for (const r of records) expect(r.Manager).to.include({ Department: 'IT' });
    });

    it('orders by a field, descending, with LIMIT applied after ordering', async () => {
      const { records } = await query('SELECT Id, Username FROM User ORDER BY Username DESC LIMIT 5');
      const all = (await query('SELECT Username FROM User')).records
        .map((r) => String(r.Username))
        .sort()
        .reverse();
      expect(records.map((r) => r.Username)).to.deep.equal(all.slice(0, 5));
    });
  });

  describe('errors, in Salesforce’s format', () => {
    it('MALFORMED_QUERY points at the unexpected token with row and column', async () => {
      const error = await failure('SELECT Id, Name, Email FORM User');
      expect(error.status).to.equal(400);
      expect(error.errorCode).to.equal('MALFORMED_QUERY');
      expect(error.message).to.equal(
        "\nSELECT Id, Name, Email FORM User\n                       ^\nERROR at Row:1:Column:24\nunexpected token: 'FORM'",
      );
    });

    it('MALFORMED_QUERY for a missing query, an unfinished query, mixed AND/OR and a duplicate field', async () => {
      const noQuery = await get(sandbox, '/services/data/v62.0/query', token);
      expect(noQuery.status).to.equal(400);
      expect(firstError(noQuery.json).errorCode).to.equal('MALFORMED_QUERY');
      expect((await failure('SELECT Id FROM')).message).to.match(/unexpected token: '<EOF>'$/);
      expect(
        (await failure("SELECT Id FROM User WHERE IsActive = true AND Title = 'x' OR Title = 'y'")).message,
      ).to.match(/unexpected token: 'OR'$/);
      expect((await failure('SELECT Id, id FROM User')).message).to.match(/duplicate field selected: id$/);
    });

    it('INVALID_FIELD for an unknown field or relationship, with the entity named', async () => {
      const field = await failure('SELECT Id, Nickname__c FROM User');
      expect(field.status).to.equal(400);
      expect(field.errorCode).to.equal('INVALID_FIELD');
      expect(field.message).to.match(
        /^\nSELECT Id, Nickname__c FROM User\n {11}\^\nERROR at Row:1:Column:12\nNo such column 'Nickname__c' on entity 'User'\. /,
      );
      const relationship = await failure('SELECT Boss.Name FROM User');
      expect(relationship.errorCode).to.equal('INVALID_FIELD');
      expect(relationship.message).to.include("Didn't understand relationship 'Boss' in field path.");
    });

    it('INVALID_FIELD for a filter value of the wrong type', async () => {
      const quoted = await failure("SELECT Id FROM User WHERE IsActive = 'true'");
      expect(quoted.errorCode).to.equal('INVALID_FIELD');
      expect(quoted.message).to.include(
        "value of filter criterion for field 'IsActive' must be of type boolean and should not be enclosed in quotes",
      );
      const unquoted = await failure('SELECT Id FROM User WHERE Department = 5');
      expect(unquoted.message).to.include('must be of type string and should be enclosed in quotes');
    });

    it('INVALID_TYPE for an unknown object', async () => {
      const error = await failure('SELECT Id FROM Contact');
      expect(error.status).to.equal(400);
      expect(error.errorCode).to.equal('INVALID_TYPE');
      expect(error.message).to.match(/ERROR at Row:1:Column:16\nsObject type 'Contact' is not supported\./);
    });

    it('reports the row and column of an error in a multi-line query', async () => {
      const error = await failure('SELECT Id,\n  Bogus\nFROM User');
      expect(error.message).to.match(/^\n {2}Bogus\n {2}\^\nERROR at Row:2:Column:3\n/);
    });
  });

  it('the parser either parses or throws a Salesforce error, whatever the input', () => {
    const soqlish = fc.array(
      fc.constantFrom(
        'SELECT',
        'FROM',
        'User',
        'Id',
        ',',
        'WHERE',
        '=',
        "'x'",
        'AND',
        'OR',
        '(',
        ')',
        'LIMIT',
        '5',
        'IN',
        'NOT',
        'Manager.Name',
        "'",
        '\\',
        '!',
      ),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          soqlish.map((parts) => parts.join(' ')),
        ),
        (text) => {
          try {
            parseSoql(text);
          } catch (error) {
            expect(error).to.be.instanceOf(ApiError);
            expect((error as ApiError).errorCode).to.equal('MALFORMED_QUERY');
          }
        },
      ),
    );
  });
});
