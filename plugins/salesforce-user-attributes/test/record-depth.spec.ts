import { expect } from 'chai';
import { MAX_RECORD_DEPTH, isTributaryError } from 'tributary-kit';
import { parseQueryBody } from '../src/query-body.js';

/** A page whose one user nests `managers` relationship objects, each with an attributes block in an unusual shape. */
function deepPage(managers: number): string {
  const chain = `${'{"attributes":{"url":"/x","type":"User"},"Name":"m","Manager":'.repeat(managers)}null${'}'.repeat(managers)}`;
  return `{"totalSize":1,"done":true,"records":[{"attributes":{"type":"User","url":"/u"},"Username":"ada@acme.example","Manager":${chain}}]}`;
}

describe('salesforce-user-attributes: record depth', () => {
  it('reads records nesting up to the limit', () => {
    expect(parseQueryBody(deepPage(MAX_RECORD_DEPTH - 1)).json?.['records']).to.have.length(1);
  });

  it('refuses a deeper record with SF_RECORD_TOO_DEEP instead of overflowing the stack (red team: "Unexpected error")', () => {
    for (const depth of [MAX_RECORD_DEPTH, 50_000]) {
      const error = (() => {
        try {
          parseQueryBody(deepPage(depth));
          return undefined;
        } catch (e) {
          return e;
        }
      })();
      expect(isTributaryError(error), String(error)).to.equal(true);
      expect(error).to.include({ code: 'SF_RECORD_TOO_DEEP', category: 'fatal' });
      expect((error as Error).message).to.equal(
        'Salesforce answered with a record nesting objects more than 64 levels deep (relationships nest at most 5): this is no query result the connector can read',
      );
    }
  });
});
