import { expect } from 'chai';
import { ConnectorTemplates, PLUGIN_API_VERSION, isPlugin } from 'tributary-kit';
import { startTestHost } from '../../../testing.js';
import plugin from '../index.js';
import { countingHttp } from './support/counting-http.js';

describe('salesforce-user-attributes plugin', () => {
  it('contributes the connector template, built on the host HTTP client', async () => {
    expect(isPlugin(plugin)).to.equal(true);
    expect(plugin.id).to.equal('salesforce-user-attributes');
    expect(plugin.apiVersion).to.equal(PLUGIN_API_VERSION);
    const th = await startTestHost({ config: {}, plugins: [plugin], http: countingHttp() });
    try {
      expect(th.plugins.find((p) => p.id === plugin.id)?.contributed).to.deep.equal({
        'core.connector-template': ['salesforce-user-attributes'],
      });
      const template = th.contributions(ConnectorTemplates).find((t) => t.id === 'salesforce-user-attributes');
      expect(template?.displayName).to.equal('Salesforce: User Attributes');
      expect(template?.credentialTypes).to.deep.equal(['oauth2-client-credentials', 'basic', 'oauth2-jwt-bearer']);
    } finally {
      await th.close();
    }
  });
});
