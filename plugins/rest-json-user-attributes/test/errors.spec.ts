import { expect } from 'chai';
import { assertTyped, readAll, readDirectly, rejection } from '../../../testing.js';
import { PASSWORD, restWorld, sendJson } from './support/rest-host.js';

const users = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ name: `u${from + i}@acme.example` }));

describe('rest-json-user-attributes: errors', () => {
  it('maps a 404 to a ConfigError naming the endpoint without its query string', async () => {
    const world = await restWorld((_req, res) => sendJson(res, 404, { error: { message: 'Invalid table sys_usr' } }), {
      url: 'api/now/table/sys_usr?sysparm_query=token%3Dabc',
    });
    try {
      const error = assertTyped(await rejection(readAll(readDirectly(world.th, 'rest_users')), 'read'), ['config']);
      expect(error.code).to.equal('REST_HTTP_404');
      expect(error.message).to.equal(
        `${world.server.url}/api/now/table/sys_usr answered HTTP 404: Invalid table sys_usr (check parameters.url and its query)`,
      );
    } finally {
      await world.close();
    }
  });

  it('fails a run on an HTML answer with REST_NOT_JSON, without the password anywhere', async () => {
    const world = await restWorld(
      (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'),
      {},
    );
    try {
      const result = await world.th.run('rest_users');
      expect(result.status).to.equal('failure');
      expect(result.description).to.contain('with a body that is not JSON');
      expect(JSON.stringify(world.th.logger.lines) + result.description).not.to.contain(PASSWORD);
      expect(world.sink.committed()).to.have.length(0);
    } finally {
      await world.close();
    }
  });

  it('re-authenticates once on a 401 and then reports an auth error', async () => {
    const world = await restWorld((_req, res) => sendJson(res, 401, { error: 'expired' }), {});
    try {
      const error = assertTyped(await rejection(readAll(readDirectly(world.th, 'rest_users')), 'read'), ['auth']);
      expect(error.code).to.equal('REST_HTTP_401');
      expect(world.server.requests).to.have.length(2);
      expect(world.server.requests[0]!.headers.authorization).to.equal(
        `Basic ${Buffer.from(`svc:${PASSWORD}`).toString('base64')}`,
      );
    } finally {
      await world.close();
    }
  });

  it('stops a next link that leads back to a page already read (REST_PAGINATION_LOOP)', async () => {
    const world = await restWorld(
      (req, res) => sendJson(res, 200, { items: users(2), next: req.url === '/users' ? '/users?p=2' : '/users' }),
      {
        recordsPath: 'items',
        pagination: { style: 'next-link', nextPath: 'next' },
      },
    );
    try {
      const error = assertTyped(await rejection(readAll(readDirectly(world.th, 'rest_users')), 'read'), ['fatal']);
      expect(error.code).to.equal('REST_PAGINATION_LOOP');
      expect(world.server.requests.map((r) => r.url)).to.deep.equal(['/users', '/users?p=2']);
    } finally {
      await world.close();
    }
  });

  it('refuses records that are not objects (REST_RECORDS_NOT_OBJECTS)', async () => {
    const world = await restWorld((_req, res) => sendJson(res, 200, { items: ['a', 'b'] }), { recordsPath: 'items' });
    try {
      const error = assertTyped(await rejection(readAll(readDirectly(world.th, 'rest_users')), 'read'), ['fatal']);
      expect(error.code).to.equal('REST_RECORDS_NOT_OBJECTS');
    } finally {
      await world.close();
    }
  });

  it('check reports a refusal as ok: false with the reason', async () => {
    const world = await restWorld(
      (_req, res) => sendJson(res, 403, { message: 'Insufficient rights to query records' }),
      {},
    );
    try {
      const report = await world.th.check('rest_users');
      expect(report.ok).to.equal(false);
      expect(report.messages.join(' ')).to.contain('answered HTTP 403: Insufficient rights to query records');
    } finally {
      await world.close();
    }
  });
});
