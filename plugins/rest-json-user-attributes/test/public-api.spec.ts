import { expect } from 'chai';
import { restWorld, sendJson } from './support/rest-host.js';

describe('rest-json-user-attributes: a public API', () => {
  it('reads an absolute url without any credentials and sends no Authorization header', async () => {
    const world = await restWorld(
      (_req, res) => sendJson(res, 200, [{ name: 'ada@acme.example' }, { name: 'bob@acme.example' }]),
      {},
      'none',
    );
    try {
      const result = await world.th.run('rest_users');
      expect(result.status, result.description).to.equal('success');
      expect(result.credentialsId).to.equal('');
      expect(world.sink.committed().map((r) => r.identifier.value)).to.deep.equal([
        'ada@acme.example',
        'bob@acme.example',
      ]);
      expect(world.server.requests).to.have.length(1);
      expect(world.server.requests[0]!.headers.authorization).to.equal(undefined);
    } finally {
      await world.close();
    }
  });
});
