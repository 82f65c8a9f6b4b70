import { expect } from 'chai';
import { Container } from 'inversify';
import { ConnectorTemplateToken, HttpClientToken, PLUGIN_API_VERSION, isPlugin, type ConnectorTemplate } from '../../../core/index.js';
import plugin from '../index.js';
import { countingHttp } from './support/counting-http.js';

describe('salesforce-user-attributes plugin', () => {
  it('contributes the connector template, built on the host HTTP client', async () => {
    expect(isPlugin(plugin)).to.equal(true);
    expect(plugin.id).to.equal('salesforce-user-attributes');
    expect(plugin.apiVersion).to.equal(PLUGIN_API_VERSION);
    const container = new Container();
    container.bind(HttpClientToken).toConstantValue(countingHttp());
    await container.load(plugin.module);
    const templates = container.getAll<ConnectorTemplate>(ConnectorTemplateToken);
    expect(templates.map((t) => [t.id, t.displayName])).to.deep.equal([['salesforce-user-attributes', 'Salesforce: User Attributes']]);
    expect(templates[0]?.credentialTypes).to.deep.equal(['oauth2-client-credentials', 'basic', 'oauth2-jwt-bearer']);
  });
});
