import { expect } from 'chai';
import nock from 'nock';
import { isTributaryError, type SourceField } from 'tributary-kit';
import { startSandbox, type Sandbox } from '../../salesforce-sandbox/index.js';
import { MAX_RELATED_OBJECTS } from '../src/describe-fields.js';
import type { SalesforceParameters } from '../src/parameters.js';
import { createSalesforceUserAttributesTemplate } from '../src/salesforce-user-attributes-template.js';
import { TEST_RETRY, countingHttp } from './support/counting-http.js';
import { fakeContext, type FakeContext } from './support/fake-context.js';
import { FIXTURE_BASE_URL, salesforceCredential } from './support/fixtures.js';
import { sandboxCredential } from './support/sandbox-credential.js';

/** Every field of the sandbox's User table, in its order. */
const USER_FIELDS = [
  'Id',
  'Username',
  'Email',
  'FirstName',
  'LastName',
  'Name',
  'Alias',
  'Department',
  'Division',
  'Title',
  'CompanyName',
  'EmployeeNumber',
  'FederationIdentifier',
  'City',
  'Country',
  'Address',
  'UserType',
  'IsActive',
  'IsDeleted',
  'ManagerId',
  'Cost_Center__c',
  'Preferred_Name__c',
  'CreatedDate',
  'LastModifiedDate',
  'SystemModstamp',
];

const byName = (fields: readonly SourceField[]) => new Map(fields.map((f) => [f.name, f]));

describe('salesforce-user-attributes describeFields', () => {
  describe('against the sandbox', () => {
    let sandbox: Sandbox;
    before(async () => {
      sandbox = await startSandbox({ users: 50 });
    });
    after(() => sandbox.close());

    async function describeSandbox(query: string): Promise<{ fields: readonly SourceField[]; context: FakeContext }> {
      const { http, credential } = await sandboxCredential(sandbox);
      const context = fakeContext({ query }, { credential });
      const template = createSalesforceUserAttributesTemplate(http, { retry: TEST_RETRY });
      return { fields: await template.describeFields!(context), context };
    }

    it("lists every User field with its type and label, then the Manager's fields, from one describe", async () => {
      const requestsBefore = sandbox.stats.requests;
      const { fields, context } = await describeSandbox('SELECT Username FROM User');
      expect(fields.map((f) => f.name)).to.deep.equal([...USER_FIELDS, ...USER_FIELDS.map((n) => `Manager.${n}`)]);
      const named = byName(fields);
      expect(named.get('Id')).to.deep.equal({ name: 'Id', type: 'id', label: 'User ID' });
      expect(named.get('Email')).to.deep.equal({ name: 'Email', type: 'email', label: 'Email' });
      expect(named.get('FirstName')).to.deep.equal({ name: 'FirstName', type: 'string', label: 'First Name' });
      expect(named.get('IsActive')).to.deep.equal({ name: 'IsActive', type: 'boolean', label: 'Active' });
      expect(named.get('Cost_Center__c')).to.include({ type: 'string', label: 'Cost Center' });
      expect(named.get('ManagerId')).to.deep.equal({
        name: 'ManagerId',
        type: 'reference',
        label: 'Manager ID',
        referenceTo: ['User'],
        relationshipName: 'Manager',
      });
      expect(named.get('Manager.Email')).to.deep.equal({ name: 'Manager.Email', type: 'email', label: 'Email' });
      expect(named.get('Manager.ManagerId')).to.include({ type: 'reference', relationshipName: 'Manager' });
      // Manager leads to User, already described: one request, counted as one API call.
      expect(context.apiCalls).to.equal(1);
      expect(sandbox.stats.requests - requestsBefore).to.equal(2); // the token request, then the describe
    });

    it('describes the object the query reads, and each object its lookups lead to once', async () => {
      const { fields, context } = await describeSandbox('SELECT Id, Name FROM Account');
      const named = byName(fields);
      expect(named.get('OwnerId')).to.deep.include({
        type: 'reference',
        referenceTo: ['User'],
        relationshipName: 'Owner',
      });
      expect(named.get('Id')).to.include({ label: 'Account ID' });
      expect(fields.filter((f) => f.name.startsWith('Owner.')).map((f) => f.name)).to.deep.equal(
        USER_FIELDS.map((n) => `Owner.${n}`),
      );
      expect(context.apiCalls).to.equal(2); // Account, then User
    });

    it('fails with the connector named when the connector has no credential', async () => {
      const template = createSalesforceUserAttributesTemplate(countingHttp(), { retry: TEST_RETRY });
      const error = await template.describeFields!(
        fakeContext({ query: 'SELECT Id FROM User' }, { credential: undefined }),
      ).catch((e: unknown) => e);
      expect(isTributaryError(error) && error.code).to.equal('SF_CREDENTIAL_REQUIRED');
    });
  });

  describe('lookups to other objects (recorded answers)', () => {
    const DESCRIBE = '/services/data/v62.0/sobjects';
    const field = (name: string, type = 'string', lookup?: { relationshipName: string; referenceTo: string[] }) => ({
      name,
      label: name,
      type,
      relationshipName: lookup?.relationshipName ?? null,
      referenceTo: lookup?.referenceTo ?? [],
    });
    /** Seven lookups to seven objects, the one the query selects through (Profile) last; one polymorphic lookup. */
    const OBJECTS = ['Account', 'Contact', 'CallCenter', 'Individual', 'UserRole', 'Region', 'Profile'];
    const userDescribe = {
      fields: [
        field('Id', 'id'),
        field('Username'),
        ...OBJECTS.map((o) => field(`${o}Id`, 'reference', { relationshipName: o, referenceTo: [o] })),
        field('DelegatedApproverId', 'reference', {
          relationshipName: 'DelegatedApprover',
          referenceTo: ['User', 'Group'],
        }),
      ],
    };

    async function describeRecorded(parameters: Partial<SalesforceParameters> & { query: string }) {
      const http = countingHttp();
      const context = fakeContext(parameters, { credential: salesforceCredential() });
      const template = createSalesforceUserAttributesTemplate(http, { retry: TEST_RETRY });
      return { fields: await template.describeFields!(context), context, http };
    }

    it(`describes at most ${MAX_RELATED_OBJECTS} other objects, those the query selects through first, and never a polymorphic lookup's`, async () => {
      nock(FIXTURE_BASE_URL).get(`${DESCRIBE}/User/describe`).reply(200, userDescribe);
      const expected = ['Profile', ...OBJECTS.slice(0, MAX_RELATED_OBJECTS - 1)];
      for (const object of expected)
        nock(FIXTURE_BASE_URL)
          .get(`${DESCRIBE}/${object}/describe`)
          .reply(200, { fields: [field('Id', 'id'), field('Name')] });
      const { fields, context, http } = await describeRecorded({ query: 'SELECT Username, Profile.Name FROM User' });
      expect(http.paths).to.have.members([
        `${DESCRIBE}/User/describe`,
        ...expected.map((o) => `${DESCRIBE}/${o}/describe`),
      ]);
      expect(context.apiCalls).to.equal(1 + MAX_RELATED_OBJECTS);
      const names = fields.map((f) => f.name);
      expect(names).to.include.members(['Profile.Name', 'Account.Name', 'Individual.Id']);
      expect(names.filter((n) => /^(UserRole|Region|DelegatedApprover)\./.test(n))).to.deep.equal([]);
      // The lookups whose objects were not described are listed all the same.
      expect(byName(fields).get('RegionId')).to.include({ relationshipName: 'Region' });
      expect(byName(fields).get('DelegatedApproverId')?.referenceTo).to.deep.equal(['User', 'Group']);
    });

    it("lists a lookup without its object's fields when that describe is refused, with a warning", async () => {
      nock(FIXTURE_BASE_URL)
        .get(`${DESCRIBE}/User/describe`)
        .reply(200, {
          fields: [
            field('Id', 'id'),
            field('ProfileId', 'reference', { relationshipName: 'Profile', referenceTo: ['Profile'] }),
          ],
        });
      nock(FIXTURE_BASE_URL)
        .get(`${DESCRIBE}/Profile/describe`)
        .reply(403, [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'insufficient access rights on object id' }]);
      const { fields, context } = await describeRecorded({ query: 'SELECT Id FROM User' });
      expect(fields.map((f) => f.name)).to.deep.equal(['Id', 'ProfileId']);
      expect(context.warnings).to.have.length(1);
      expect(context.warnings[0]).to.match(
        /^The fields of Profile are not listed: its describe failed: .*INSUFFICIENT_ACCESS/,
      );
    });

    it('refuses a describe answer without a fields list rather than taking it for an object without fields', async () => {
      nock(FIXTURE_BASE_URL).get(`${DESCRIBE}/User/describe`).reply(200, { totalSize: 1, done: true, records: [] });
      const error = await describeRecorded({ query: 'SELECT Id FROM User' }).catch((e: unknown) => e);
      expect(isTributaryError(error) && error.code).to.equal('SF_UNEXPECTED_RESPONSE');
      expect((error as Error).message).to.equal('Salesforce answered the describe of User without a fields list');
    });

    it('fails when the queried object cannot be described', async () => {
      nock(FIXTURE_BASE_URL)
        .get(`${DESCRIBE}/User/describe`)
        .reply(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
      const error = await describeRecorded({ query: 'SELECT Id FROM User' }).catch((e: unknown) => e);
      expect(isTributaryError(error)).to.equal(true);
      expect((error as Error).message).to.include('NOT_FOUND');
    });
  });

  describe('selectedFields', () => {
    const template = createSalesforceUserAttributesTemplate(countingHttp());
    const selected = (query: string) => template.selectedFields!(fakeContext({ query }, {}).parameters);

    it("names the query's SELECT list as written, relationship fields included", () => {
      expect(selected('SELECT Id, username, Manager.Email FROM User WHERE IsActive = true')).to.deep.equal({
        fields: ['Id', 'username', 'Manager.Email'],
        complete: true,
      });
    });

    it('is incomplete when the SELECT list has what no field name says', () => {
      expect(selected('SELECT Id, FIELDS(STANDARD) FROM User')).to.deep.equal({ fields: ['Id'], complete: false });
      expect(
        selected("SELECT Id, (SELECT Id FROM Contacts), toLabel(UserType) FROM User WHERE Name = 'a,b'"),
      ).to.deep.equal({
        fields: ['Id'],
        complete: false,
      });
    });
  });
});
