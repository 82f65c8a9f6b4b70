import { expect } from 'chai';
import * as v from 'valibot';
import { salesforceParameters } from '../src/parameters.js';
import { soqlObjectName } from '../src/soql-object.js';
import { stripAttributes } from '../src/strip-attributes.js';
import { validateSalesforceConnector } from '../src/validate-connector.js';
import { connectorConfig } from './support/connector-config.js';

const connector = connectorConfig;
const credential = (url: string, type = 'oauth2-client-credentials') => ({ id: 'sf-prod', name: 'SF', type, url });

describe('salesforce-user-attributes offline checks', () => {
  it('finds the object of a query, skipping literals and sub-queries', () => {
    expect(soqlObjectName('SELECT Id FROM User')).to.equal('User');
    expect(soqlObjectName("select Id from user where Title = 'from Account'")).to.equal('user');
    expect(soqlObjectName('SELECT Id, (SELECT Id FROM Contacts) FROM Account')).to.equal('Account');
    expect(soqlObjectName("SELECT Id FROM User WHERE Name = 'O\\'Brien FROM X'")).to.equal('User');
    expect(soqlObjectName('SELECT Id')).to.equal(undefined);
  });

  it('refuses client credentials on the generic login hosts and queries on other objects', () => {
    expect(
      validateSalesforceConnector(connector('SELECT Id FROM User'), credential('https://acme.my.salesforce.com')),
    ).to.deep.equal([]);
    const problems = validateSalesforceConnector(
      connector('SELECT Id FROM Account'),
      credential('https://login.salesforce.com'),
    );
    expect(problems.map((p) => p.path)).to.deep.equal(['parameters.query', 'credentials']);
    expect(problems[0]?.message).to.equal(
      'the query reads Account, but this connector imports users: select FROM User',
    );
    expect(problems[1]?.message).to.match(
      /points at login\.salesforce\.com; the client credentials flow only works on the org's My Domain .*invalid_grant: request not supported on this domain/,
    );
    expect(
      validateSalesforceConnector(connector('SELECT Id FROM User'), credential('https://test.salesforce.com')),
    ).to.have.length(1);
    expect(
      validateSalesforceConnector(
        connector('SELECT Id FROM User'),
        credential('https://login.salesforce.com', 'oauth2-jwt-bearer'),
      ),
    ).to.deep.equal([]);
  });

  it('refuses a basic credential without the client id and secret the username-password flow needs', () => {
    const basic = { ...credential('https://acme.my.salesforce.com', 'basic'), username: 'u', password: 'p' };
    expect(
      validateSalesforceConnector(connector('SELECT Id FROM User'), {
        ...basic,
        clientId: 'key',
        clientSecret: 'secret',
      }),
    ).to.deep.equal([]);
    expect(validateSalesforceConnector(connector('SELECT Id FROM User'), basic)).to.deep.equal([
      {
        path: 'credentials',
        message:
          'credential "sf-prod" is of type basic, which this connector uses for the OAuth 2.0 username-password flow: ' +
          'that flow needs clientId and clientSecret (the consumer key and secret of the connected app); ' +
          'set clientId and clientSecret on the credential entry',
      },
    ]);
    const [problem] = validateSalesforceConnector(connector('SELECT Id FROM User'), { ...basic, clientId: 'key' });
    expect(problem?.message).to.match(/; set clientSecret on the credential entry$/);
  });

  it('fills parameter defaults and refuses out-of-range values', () => {
    expect(v.parse(salesforceParameters, { query: ' SELECT Id FROM User ' })).to.deep.equal({
      query: 'SELECT Id FROM User',
      apiVersion: '62.0',
      queryAll: false,
      batchSize: 2_000,
      maxApiUsagePercent: 80,
      prefetch: 1,
      api: 'auto',
      concurrency: 'auto',
      bulkThreshold: 1_000_000,
    });
    expect(v.parse(salesforceParameters, { query: 'q', apiVersion: 63 }).apiVersion).to.equal('63.0');
    const result = v.safeParse(salesforceParameters, {
      query: '',
      apiVersion: '62',
      batchSize: 100,
      extra: 1,
      api: 'soap',
      concurrency: 33,
    });
    expect(result.success).to.equal(false);
    const messages = result.issues?.map((i) => i.message) ?? [];
    expect(messages).to.include('query must not be empty');
    expect(messages).to.include('apiVersion must look like "62.0" (a major version followed by ".0")');
    expect(messages).to.include('batchSize must be at least 200');
    expect(messages).to.include('api must be rest, bulk or auto');
    expect(messages).to.include('concurrency must be at most 32');
    expect(v.parse(salesforceParameters, { query: 'q', concurrency: 32 }).concurrency).to.equal(32);
    expect(
      v.safeParse(salesforceParameters, { query: 'q', concurrency: 'fast' }).issues?.map((i) => i.message),
    ).to.deep.equal(['concurrency must be auto or a whole number from 1 to 32']);
    expect(messages.some((m) => m.includes('extra'))).to.equal(true);
  });

  it('strips attributes recursively, through arrays, leaving the input untouched', () => {
    const raw = {
      attributes: { type: 'User' },
      Id: '1',
      Manager: { attributes: { type: 'User' }, Name: 'A', Manager: null },
      Tags: [{ attributes: {}, v: 1 }, 2, null],
      Contacts: { totalSize: 1, done: true, records: [{ attributes: {}, Id: 'c' }] },
    };
    expect(stripAttributes(raw)).to.deep.equal({
      Id: '1',
      Manager: { Name: 'A', Manager: null },
      Tags: [{ v: 1 }, 2, null],
      Contacts: { totalSize: 1, done: true, records: [{ Id: 'c' }] },
    });
    expect(raw.attributes).to.deep.equal({ type: 'User' });
  });
});
