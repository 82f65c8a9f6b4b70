import { expect } from 'chai';
import { Redactor } from './redactor.js';

function redactorOf(...secrets: string[]): Redactor {
  const redactor = new Redactor();
  for (const secret of secrets) redactor.add(secret);
  return redactor;
}

describe('Redactor', () => {
  const secret = 'Rt Zq8v!Kx+9/q=';

  it('hides a secret in every form it takes on the wire: raw, form-encoded, percent-encoded in either case, JSON-escaped', () => {
    const redactor = redactorOf(secret);
    const forms = [
      secret,
      new URLSearchParams({ s: secret }).toString().slice(2), // Rt+Zq8v%21Kx%2B9%2Fq%3D
      encodeURIComponent(secret), // Rt%20Zq8v!Kx%2B9%2Fq%3D
      'Rt%20Zq8v%21Kx%2b9%2fq%3d', // every reserved character, lower-case hex
      [...Buffer.from(secret)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''), // every character
      JSON.stringify(secret).slice(1, -1).replace('/', '\\/'),
      'Rt\\u0020Zq8v\\u0021Kx+9/q=',
    ];
    for (const form of forms)
      expect(redactor.redact(`client_secret=${form}&x=1`), form).to.equal('client_secret=***&x=1');
  });

  it('hides the form-encoded password a token endpoint echoed (red team: password=PassWord%2142)', () => {
    const redactor = redactorOf('PassWord!42', 'TOKENabc123');
    expect(redactor.redact('password=PassWord%2142TOKENabc123&grant_type=password')).to.equal(
      'password=******&grant_type=password',
    );
  });

  it('hides multi-byte characters percent-encoded as UTF-8 and in \\u escapes, surrogate pairs included', () => {
    const redactor = redactorOf('päss🔑wörd');
    expect(redactor.redact(`a ${encodeURIComponent('päss🔑wörd')} b`)).to.equal('a *** b');
    expect(redactor.redact(`a ${JSON.stringify('päss🔑wörd').slice(1, -1)} b`)).to.equal('a *** b');
    expect(redactor.redact('a p\\u00e4ss\\ud83d\\udd11w\\u00f6rd b')).to.equal('a *** b');
  });

  it('builds no regular expression from secret text: a 100 KB secret full of reserved characters is fine', () => {
    const big = 'Top Secret/Key+(a|b)*[x]?'.repeat(4000);
    const redactor = redactorOf(big);
    expect(redactor.redact(`<${big}>`)).to.equal('<***>');
    expect(redactor.redact(`<${new URLSearchParams({ k: big }).toString().slice(2)}>`)).to.equal('<***>');
  });

  it('hides the longest secret first, and a secret cut short by a truncated excerpt', () => {
    const redactor = redactorOf('abcd', 'abcdefghij-long-secret');
    expect(redactor.redact('x abcdefghij-long-secret y abcd z')).to.equal('x *** y *** z');
    expect(redactor.redact('error: abcdefghij-lo…')).to.equal('error: ***…');
    expect(redactor.redact('error: abcdefghij-lo')).to.equal('error: ***');
    expect(redactorOf('abcdefghij-long-secret').redact('error: abcdefghij ok, abcde…')).to.equal(
      'error: abcdefghij ok, abcde…',
    );
  });

  it('leaves values under 4 characters and unrelated text alone', () => {
    const redactor = redactorOf('abc', 'secret-1');
    expect(redactor.size).to.equal(1);
    expect(redactor.redact('abc secret-2 %73ecret-1')).to.equal('abc secret-2 ***');
  });

  it('prints hosts, paths and URLs in full, but hides userinfo and JSON Web Tokens whatever their origin', () => {
    const redactor = new Redactor();
    expect(redactor.redact('Authenticated on https://acme.my.salesforce.com:8443/services/data?q=1')).to.equal(
      'Authenticated on https://acme.my.salesforce.com:8443/services/data?q=1',
    );
    expect(redactor.redact('GET https://admin:pw@127.0.0.1:99/x and postgres://u:p@db/tributary')).to.equal(
      'GET https://***@127.0.0.1:99/x and postgres://***@db/tributary',
    );
    expect(redactor.redact('mail admin@acme.example about https://acme.example/a@b')).to.equal(
      'mail admin@acme.example about https://acme.example/a@b',
    );
    const jwt = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJrZXkifQ.c2lnbmF0dXJl';
    expect(redactor.redact(`assertion=${jwt}&grant_type=x`)).to.equal('assertion=***&grant_type=x');
    expect(redactor.redact(`refused: ${jwt.slice(0, 50)}…`)).to.equal('refused: ***…');
  });
});
