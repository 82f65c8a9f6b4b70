import { expect } from 'chai';
import { Container } from 'inversify';
import { CredentialTypeToken, HttpClientToken, PLUGIN_API_VERSION, isPlugin, type CredentialType } from '../../../core/index.js';
import plugin from '../index.js';
import { testHttpClient } from './credential-test-kit.js';

describe('credentials: plugin', () => {
  it('contributes the four credential types, built with the host HTTP client', async () => {
    expect(isPlugin(plugin)).to.equal(true);
    expect(plugin).to.include({ id: 'credentials', apiVersion: PLUGIN_API_VERSION });
    const container = new Container();
    container.bind(HttpClientToken).toConstantValue(testHttpClient());
    await container.load(plugin.module);
    const types = container.getAll<CredentialType>(CredentialTypeToken);
    expect(types.map((t) => t.type)).to.deep.equal(['oauth2-client-credentials', 'basic', 'oauth2-jwt-bearer', 'bearer-token']);
    expect(container.getAll(CredentialTypeToken)[0]).to.equal(types[0]);
  });
});
