import { expect } from 'chai';
import { AuthenticationError, ConfigError, FatalError, TransientError, type HttpResponse } from 'tributary-kit';
import { cleanSoqlMessage, excerpt } from '../src/error-body.js';
import { isRetryableResponse, mapSalesforceError } from '../src/map-salesforce-error.js';

const answer = (status: number, body: unknown): HttpResponse => ({
  status,
  headers: {},
  body: typeof body === 'string' ? body : JSON.stringify(body),
  url: 'https://acme.my.salesforce.com/services/data/v62.0/query',
});
const sf = (errorCode: string, message: string) => [{ message, errorCode }];

describe('Salesforce error mapping', () => {
  it('retries exactly network-class answers: 5xx, 406, 420, 429 and the concurrent long-transaction limit', () => {
    for (const status of [500, 502, 503, 504, 406, 420, 429])
      expect(isRetryableResponse(answer(status, '')), String(status)).to.equal(true);
    expect(
      isRetryableResponse(answer(403, sf('REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.'))),
    ).to.equal(true);
    expect(isRetryableResponse(answer(403, sf('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.')))).to.equal(
      false,
    );
    for (const code of ['MALFORMED_QUERY', 'INVALID_FIELD', 'INVALID_TYPE', 'INVALID_QUERY_LOCATOR']) {
      expect(isRetryableResponse(answer(400, sf(code, 'x'))), code).to.equal(false);
    }
    expect(isRetryableResponse(answer(403, sf('API_DISABLED_FOR_ORG', 'x')))).to.equal(false);
    expect(isRetryableResponse(answer(401, sf('INVALID_SESSION_ID', 'x')))).to.equal(false);
  });

  it('maps each answer to the category that decides what happens next', () => {
    expect(mapSalesforceError(answer(401, sf('INVALID_SESSION_ID', 'Session expired or invalid')))).to.be.instanceOf(
      AuthenticationError,
    );
    expect(mapSalesforceError(answer(400, sf('INVALID_QUERY_LOCATOR', 'invalid query locator')))).to.be.instanceOf(
      FatalError,
    );
    expect(mapSalesforceError(answer(400, sf('INVALID_FIELD', 'x')))).to.be.instanceOf(ConfigError);
    expect(mapSalesforceError(answer(414, ''))).to.be.instanceOf(ConfigError);
    const busy = mapSalesforceError(answer(503, sf('SERVER_UNAVAILABLE', 'Server too busy')));
    expect(busy).to.be.instanceOf(TransientError);
    expect(busy.code).to.equal('SF_SERVER_UNAVAILABLE');
    expect(busy.message).to.equal('SERVER_UNAVAILABLE: Server too busy (still failing after retries)');
    const concurrent = mapSalesforceError(
      answer(403, sf('REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.')),
    );
    expect(concurrent.message).to.equal(
      'REQUEST_LIMIT_EXCEEDED: ConcurrentPerOrgLongTxn Limit exceeded. (still failing after retries)',
    );
    expect(mapSalesforceError(answer(418, 'I am a teapot')).code).to.equal('SF_HTTP_418');
  });

  it('turns a SOQL parser message into one line with its position', () => {
    expect(
      cleanSoqlMessage("\nSELECT Id FORM User\n          ^\nERROR at Row:1:Column:11\nunexpected token: 'FORM'"),
    ).to.equal("unexpected token 'FORM' at column 11");
    expect(cleanSoqlMessage('x\nERROR at Row:3:Column:2\nbad')).to.equal('bad at row 3, column 2');
    expect(cleanSoqlMessage('  plain\n message ')).to.equal('plain message');
  });

  it('quotes a short text excerpt of an HTML page, without markup, head or scripts', () => {
    const page = `<html><head><title>T</title><script>var x=1</script></head><body><h1>Down</h1><p>${'word '.repeat(100)}</p></body></html>`;
    const text = excerpt(page);
    expect(text.startsWith('Down word word')).to.equal(true);
    expect(text).not.to.match(/[<>]|var x|T Down/);
    expect(text.length).to.equal(160);
    expect(excerpt('')).to.equal('no explanation in the answer');
  });
});
