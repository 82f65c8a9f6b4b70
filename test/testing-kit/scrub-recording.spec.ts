import { expect } from 'chai';
import type { Definition } from 'nock';
import { PLACEHOLDER_HOST, REDACTED, scrubRecording } from '../../testing.js';

const recorded: Definition[] = [
  {
    scope: 'https://acme.my.salesforce.com:443',
    method: 'POST',
    path: '/services/oauth2/token',
    body: 'grant_type=client_credentials&client_id=cid&client_secret=s3cr3t-value',
    status: 200,
    response: {
      access_token: '00Dxx!AQ.token',
      token_type: 'Bearer',
      instance_url: 'https://acme.my.salesforce.com',
      expires_in: 7200,
    },
    rawHeaders: { 'Content-Type': 'application/json', 'Set-Cookie': 'sid=abc', 'X-Request-Id': 'r1' },
    reqheaders: { authorization: 'Basic Y2lkOnMzY3IzdA==' },
  },
  {
    scope: 'https://acme.my.salesforce.com:443',
    method: 'GET',
    path: '/services/data/v62.0/query?q=SELECT+Id+FROM+User',
    body: '',
    status: 200,
    response: {
      records: [{ Username: 'a@acme.example', Org: 'org-00D123' }],
      nextRecordsUrl: 'https://acme.my.salesforce.com/next',
    },
  },
  {
    scope: 'http://127.0.0.1:40123',
    method: 'GET',
    path: '/local',
    status: 200,
    response: { password: 'pw-1', ok: true },
  },
];

describe('tributary-host/testing: scrubRecording', () => {
  const [token, query, local] = scrubRecording(recorded, { secrets: ['org-00D123'] });

  it('redacts token, secret and password fields, and drops the match on a request body that held a secret', () => {
    expect(token!.response).to.deep.equal({
      access_token: REDACTED,
      token_type: 'Bearer',
      instance_url: `https://${PLACEHOLDER_HOST}`,
      expires_in: 7200,
    });
    expect(token).not.to.have.property('body');
    expect(local!.response).to.deep.equal({ password: REDACTED, ok: true });
    expect(query!.body).to.equal('');
  });

  it('drops request headers and every response header but the kept ones', () => {
    expect(token).not.to.have.property('reqheaders');
    expect(token!.rawHeaders).to.deep.equal({ 'Content-Type': 'application/json' });
  });

  it('replaces the instance host everywhere and the listed secrets, but keeps loopback origins', () => {
    expect(token!.scope).to.equal(`https://${PLACEHOLDER_HOST}:443`);
    expect(query!.response).to.deep.equal({
      records: [{ Username: 'a@acme.example', Org: REDACTED }],
      nextRecordsUrl: `https://${PLACEHOLDER_HOST}/next`,
    });
    expect(local!.scope).to.equal('http://127.0.0.1:40123');
    expect(JSON.stringify([token, query, local])).not.to.match(/s3cr3t|AQ\.token|acme\.my\.salesforce/);
  });

  it('maps a local origin onto a named instance and a host onto a chosen name', () => {
    const [mapped] = scrubRecording([recorded[2]!], {
      origins: { 'http://127.0.0.1:40123/': 'https://acme.service-now.example' },
    });
    expect(mapped!.scope).to.equal('https://acme.service-now.example');
    const [named] = scrubRecording([recorded[1]!], {
      hosts: { 'acme.my.salesforce.com': 'example.my.salesforce.com' },
    });
    expect(named!.scope).to.equal('https://example.my.salesforce.com:443');
  });
});
