import { expect } from 'chai';
import fc from 'fast-check';
import { createBasicType } from '../basic.js';
import { isAllowedCredentialUrl } from '../../../core/index.js';
import { createClientCredentialsType } from '../oauth2-client-credentials.js';
import { createJwtBearerType } from '../oauth2-jwt-bearer.js';
import { entryProblems, parseEntry, testHttpClient, testRsaKeys } from './credential-test-kit.js';

const http = testHttpClient();
const clientCredentials = createClientCredentialsType(http);
/** An entry `sf` of `type` for the acme org with client id `key`, and the type's own `fields`. */
const acmeEntry = <F extends Record<string, string>>(type: string, name: string, fields: F) => ({
  id: 'sf',
  name,
  type,
  url: 'https://acme.my.salesforce.com',
  clientId: 'key',
  ...fields,
});
const cc = acmeEntry('oauth2-client-credentials', 'Salesforce', { clientSecret: 'secret' });

describe('credentials: entry schemas', () => {
  it('rejects a plain http url and tokenUrl with an explanation', () => {
    const problems = entryProblems(clientCredentials, {
      ...cc,
      url: 'http://acme.my.salesforce.com',
      tokenUrl: 'http://auth.example.com/token',
    });
    expect(problems).to.have.length(2);
    expect(problems[0]).to.match(
      /^url: must use https \(plain http is only allowed for the loopback hosts 127\.0\.0\.1, localhost and \[::1\]\)/,
    );
    expect(problems[1]).to.match(/^tokenUrl: must use https/);
  });

  it('accepts http on the loopback hosts, with a port', () => {
    for (const url of ['http://127.0.0.1:8443', 'http://localhost:3000/', 'http://[::1]:9000']) {
      expect(entryProblems(clientCredentials, { ...cc, url }), url).to.deep.equal([]);
    }
  });

  it('rejects what is not a URL, and other schemes', () => {
    expect(entryProblems(clientCredentials, { ...cc, url: 'acme.my.salesforce.com' })[0]).to.match(
      /^url: must be an absolute URL/,
    );
    expect(isAllowedCredentialUrl('ftp://localhost/x')).to.equal(false);
    expect(isAllowedCredentialUrl('http://127.0.0.2')).to.equal(false);
    expect(isAllowedCredentialUrl('http://localhost.evil.com')).to.equal(false);
  });

  it('accepts any https URL and refuses any non-loopback http URL (property)', () => {
    const loopback = ['localhost', '127.0.0.1', '[::1]'];
    // Labels start with a letter, so that no name is read as a numeric IPv4 address (`127.1`).
    const label = fc
      .tuple(
        fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
        fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), { maxLength: 11 }),
      )
      .map(([first, rest]) => first + rest.join(''));
    const hostName = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
    const address = fc
      .array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 })
      .map((parts) => parts.join('.'));
    const host = fc.oneof(hostName, address, fc.constantFrom(...loopback));
    const port = fc.option(
      fc.integer({ min: 1, max: 65535 }).map((p) => `:${p}`),
      { nil: '' },
    );
    const path = fc.array(label, { maxLength: 3 }).map((segments) => `/${segments.join('/')}`);
    fc.assert(
      fc.property(fc.constantFrom('http', 'https'), host, port, path, (scheme, name, suffix, rest) => {
        const url = `${scheme}://${name}${suffix}${rest}`;
        expect(isAllowedCredentialUrl(url), url).to.equal(scheme === 'https' || loopback.includes(name));
      }),
    );
  });

  it('reports an unknown key by name', () => {
    const problems = entryProblems(clientCredentials, { ...cc, clientSecrett: 'typo' });
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^clientSecrett: /);
  });

  it('reports every missing or empty field at once', () => {
    const { clientSecret: _omitted, ...withoutSecret } = cc;
    const problems = entryProblems(clientCredentials, { ...withoutSecret, clientId: '  ' });
    expect(problems.join('\n')).to.include('clientId: clientId must not be empty').and.include('clientSecret:');
  });

  it('trims a secret read from a file', () => {
    expect(parseEntry(clientCredentials, { ...cc, clientSecret: 'secret\n' }).clientSecret).to.equal('secret');
  });

  it('lists the secret fields of each type', () => {
    expect(clientCredentials.secretFields).to.deep.equal(['clientSecret']);
    expect(createBasicType(http).secretFields).to.have.members(['password', 'securityToken', 'clientSecret']);
    expect(createJwtBearerType(http).secretFields).to.deep.equal(['privateKey']);
  });

  describe('oauth2-jwt-bearer privateKey', () => {
    const jwt = createJwtBearerType(http);
    const entry = acmeEntry('oauth2-jwt-bearer', 'SF', { username: 'int@acme.com' });

    it('rejects a value that is not a PEM RSA private key without echoing it', () => {
      const problems = entryProblems(jwt, { ...entry, privateKey: 'not-a-key-hunter2' });
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^privateKey: privateKey must be an RSA private key in PEM form/);
      expect(problems[0]).not.to.include('hunter2');
    });

    it('accepts a PEM whose line breaks were escaped as \\n (environment variables)', () => {
      const pem = testRsaKeys().privatePem;
      const parsed = parseEntry(jwt, { ...entry, privateKey: pem.trim().replace(/\n/g, '\\n') });
      expect(parsed.privateKey).to.equal(pem.trim());
    });
  });
});
