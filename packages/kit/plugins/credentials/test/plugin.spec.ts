import { expect } from 'chai';
import { CredentialTypes, PLUGIN_API_VERSION, isPlugin } from '../../../core/index.js';
import { recordingSink, startTestHost, testPlugin } from '../../../testing/index.js';
import plugin from '../index.js';

describe('credentials: plugin', () => {
  it('contributes the four credential types, built once with the host HTTP client', async () => {
    expect(isPlugin(plugin)).to.equal(true);
    expect(plugin).to.include({ id: 'credentials', apiVersion: PLUGIN_API_VERSION });
    const th = await startTestHost({
      config: { sinks: [{ id: 'out', type: 'recording' }] },
      plugins: [plugin, testPlugin({ sinkTypes: [recordingSink()] })],
    });
    try {
      const types = th.contributions(CredentialTypes);
      expect(types.map((t) => t.type)).to.deep.equal([
        'oauth2-client-credentials',
        'basic',
        'oauth2-jwt-bearer',
        'bearer-token',
      ]);
      expect(th.contributions(CredentialTypes)[0]).to.equal(types[0]);
      expect(th.plugins.find((p) => p.id === 'credentials')?.contributed).to.deep.equal({
        'core.credential-type': ['oauth2-client-credentials', 'basic', 'oauth2-jwt-bearer', 'bearer-token'],
      });
    } finally {
      await th.close();
    }
  });
});
