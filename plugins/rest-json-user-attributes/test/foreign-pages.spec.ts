import { expect } from 'chai';
import { readAll, readDirectly, startLocalServer, type LocalServer } from '../../../testing.js';
import { PASSWORD, restWorld, sendJson } from './support/rest-host.js';

describe('rest-json-user-attributes: pages on another origin', () => {
  let elsewhere: LocalServer;
  beforeEach(async () => {
    // 127.0.0.2 is another origin on this machine (loopback): nothing sent there leaves it.
    elsewhere = await startLocalServer((_req, res) => sendJson(res, 200, { data: [{ name: 'evil@other.com' }] }), {
      host: '127.0.0.2',
    });
  });
  afterEach(() => elsewhere.close());

  it('never follows a next link to another origin: the credential and headers stay home, the read fails naming both', async () => {
    const world = await restWorld(
      (_req, res) =>
        sendJson(res, 200, { data: [{ name: 'ada@acme.example' }], links: { next: `${elsewhere.url}/users?page=2` } }),
      {
        recordsPath: 'data',
        pagination: { style: 'next-link', nextPath: 'links.next' },
        headers: { 'x-api-key': 'header-value' },
      },
    );
    try {
      const failure = await readAll(readDirectly(world.th, 'rest_users')).then(
        () => undefined,
        (e: unknown) => e as Error & { code: string },
      );
      expect(failure?.code).to.equal('REST_PAGE_ELSEWHERE');
      expect(failure?.message).to.equal(
        `the page after ${world.server.url} is on ${elsewhere.url}, another origin: pages are read from the first page's origin only, so that the connector's credentials and headers never reach another server`,
      );
      expect(elsewhere.requests).to.deep.equal([]);
    } finally {
      await world.close();
    }
  });

  it('fails a run whose page redirects to another origin, without sending the password there or committing a row', async () => {
    const world = await restWorld(
      (_req, res) => void res.writeHead(302, { location: `${elsewhere.url}/users` }).end(),
      {},
    );
    try {
      const result = await world.th.run('rest_users');
      expect(result.status).to.equal('failure');
      expect(result.description).to.include(
        `${world.server.url} redirected the request to ${elsewhere.url}, another origin`,
      );
      expect(elsewhere.requests).to.deep.equal([]);
      expect(world.sink.committed()).to.deep.equal([]);
      expect(result.description).not.to.include(PASSWORD);
    } finally {
      await world.close();
    }
  });
});
