import { expect } from 'chai';
import { SECURITY_HEADERS } from '../../host/serve/server/security-headers.js';
import type { TestServer } from '../../testing.js';
import { stoppedAfterEach } from '../support/stopped-after-each.js';
import { startFixtureServer } from './start-fixture-server.js';

describe('serve: the security headers', () => {
  const stopLater = stoppedAfterEach<TestServer>();

  it('come with every answer: a route, 404, a preflight (OPTIONS), 401, 405, a malformed body and a malformed URL', async () => {
    const server = stopLater(await startFixtureServer());
    const origin = 'http://127.0.0.1:9';
    const answers: Array<[string, Promise<Response>, number]> = [
      ['a route', server.fetch('/api/connectors'), 200],
      ['a page', server.fetch('/console'), 200],
      ['an unknown path', server.fetch('/nothing-here'), 404],
      [
        'a preflight',
        fetch(`${server.url}/api/connectors/good_users/run`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST' },
        }),
        404,
      ],
      ['no token', fetch(`${server.url}/api/connectors`), 401],
      ['a GET of an action', server.fetch('/api/connectors/good_users/run'), 405],
      [
        'a malformed body',
        server.fetch('/api/connectors/good_users/run', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"broken',
        }),
        400,
      ],
      ['a malformed URL', server.fetch('/api/connectors/%E0%A4%A'), 400],
    ];
    for (const [what, answer, status] of answers) {
      const response = await answer;
      expect(response.status, what).to.equal(status);
      for (const [name, value] of Object.entries(SECURITY_HEADERS))
        expect(response.headers.get(name), `${what}: ${name}`).to.equal(value);
    }
  });
});
