import { expect } from 'chai';
import { isTributaryError, type SourceRecord } from 'tributary-kit';
import { startSandbox, type Sandbox } from '../../salesforce-sandbox/index.js';
import { matchQuery, soqlString } from '../src/find-records.js';
import type { SalesforceParameters } from '../src/parameters.js';
import { createSalesforceUserAttributesTemplate } from '../src/salesforce-user-attributes-template.js';
import { TEST_RETRY } from './support/counting-http.js';
import { fakeContext, type FakeContext } from './support/fake-context.js';
import { sandboxCredential } from './support/sandbox-credential.js';

/** A Username with a quote and a backslash: only escaped right does SOQL compare it with the stored one. */
const TRICKY = "o'brien\\x.5@acme.example";

describe('salesforce-user-attributes findRecords: the records of one user', () => {
  describe('the query it sends', () => {
    it('escapes a backslash and a quote, and the control characters SOQL names', () => {
      expect(soqlString(TRICKY)).to.equal("'o\\'brien\\\\x.5@acme.example'");
      expect(soqlString("\\'")).to.equal("'\\\\\\''");
      expect(soqlString('a\nb\tc\rd')).to.equal("'a\\nb\\tc\\rd'");
      expect(soqlString('plain')).to.equal("'plain'");
    });

    it("adds the condition to the query's own WHERE clause, in parentheses, or a WHERE of its own, and a LIMIT", () => {
      const match = { field: 'Username', value: TRICKY };
      expect(
        matchQuery("SELECT Username, Department FROM User WHERE IsActive = true OR Title = 'CEO'", match),
      ).to.equal(
        "SELECT Username, Department FROM User WHERE (IsActive = true OR Title = 'CEO') AND Username = 'o\\'brien\\\\x.5@acme.example' LIMIT 10",
      );
      expect(matchQuery('SELECT Username FROM User', { field: 'Manager.Email', value: 'a@b.c' })).to.equal(
        "SELECT Username FROM User WHERE Manager.Email = 'a@b.c' LIMIT 10",
      );
      expect(matchQuery('SELECT Username FROM User ORDER BY Username', match)).to.equal(
        "SELECT Username FROM User WHERE Username = 'o\\'brien\\\\x.5@acme.example' ORDER BY Username LIMIT 10",
      );
    });

    it('refuses a query that limits its rows and a field that is no SOQL name, as config errors', () => {
      const refusal = (query: string, field = 'Username'): unknown => {
        try {
          matchQuery(query, { field, value: 'x' });
        } catch (error) {
          return error;
        }
        return undefined;
      };
      const limited = refusal('SELECT Username FROM User ORDER BY Username LIMIT 100');
      expect(isTributaryError(limited) && [limited.category, limited.code]).to.deep.equal([
        'config',
        'SF_PREVIEW_QUERY',
      ]);
      expect((limited as Error).message).to.include('it has its own LIMIT');
      const field = refusal('SELECT Username FROM User', "Username = 'x' OR Id");
      expect(isTributaryError(field) && field.code).to.equal('SF_PREVIEW_FIELD');
      // A clause inside a literal is no clause.
      expect(refusal("SELECT Username FROM User WHERE Title = 'limit 5'")).to.equal(undefined);
    });
  });

  describe('against the sandbox', () => {
    let sandbox: Sandbox;
    beforeEach(async () => {
      sandbox = await startSandbox({ users: 300, seed: 5 });
      sandbox.editUser(5, { Username: TRICKY, Department: 'Quoted' });
    });
    afterEach(() => sandbox.close());

    async function find(
      parameters: Partial<SalesforceParameters> & { query: string },
      value: string,
      field = 'Username',
    ): Promise<{ records: readonly SourceRecord[]; context: FakeContext }> {
      const { http, credential } = await sandboxCredential(sandbox);
      const context = fakeContext(parameters, { credential });
      const template = createSalesforceUserAttributesTemplate(http, { retry: TEST_RETRY });
      const records = await template.findRecords!(context, { field, value });
      return { records, context };
    }

    it('finds the user whose Username holds a quote and a backslash, in one query request counted as one API call', async () => {
      const before = sandbox.stats.queryRequests;
      const { records, context } = await find({ query: 'SELECT Id, Username, Department FROM User' }, TRICKY);
      expect(records).to.deep.equal([{ Id: sandbox.userId(5), Username: TRICKY, Department: 'Quoted' }]);
      expect(context.apiCalls).to.equal(1);
      expect(sandbox.stats.queryRequests - before).to.equal(1);
    });

    it('compares as SOQL does (case-insensitively), and finds nothing for the value without its backslash', async () => {
      const query = { query: 'SELECT Username FROM User' };
      expect((await find(query, TRICKY.toUpperCase())).records).to.deep.equal([{ Username: TRICKY }]);
      expect((await find(query, TRICKY.replace('\\', ''))).records).to.deep.equal([]);
    });

    it("keeps the query's own WHERE clause: a user it leaves out is not found", async () => {
      const active = await find({ query: 'SELECT Username FROM User WHERE IsActive = true' }, TRICKY);
      expect(active.records).to.have.length(1);
      sandbox.editUser(5, { IsActive: false });
      const inactive = await find({ query: 'SELECT Username FROM User WHERE IsActive = true' }, TRICKY);
      expect(inactive.records).to.deep.equal([]);
    });

    it('returns at most 10 records, however many share the value', async () => {
      const { records } = await find({ query: 'SELECT Username FROM User' }, 'Acme Corporation', 'CompanyName');
      expect(records).to.have.length(10);
    });

    it('refuses a query on another object once Salesforce answers with its records', async () => {
      const error = await find({ query: 'SELECT Id, Name FROM Account' }, 'AC-100000', 'AccountNumber').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isTributaryError(error) && error.code).to.equal('SF_NOT_USER_QUERY');
    });
  });
});
