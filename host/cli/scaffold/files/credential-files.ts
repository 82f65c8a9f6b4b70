import type { PluginNames } from '../plugin-name.js';

/** src/credential.ts: an API-key credential type. */
export function credentialTs(names: PluginNames): string {
  return `import * as v from 'valibot';
import type { CredentialConfig, CredentialType } from 'tributary-kit';

export const schema = v.strictObject({
  id: v.string(),
  name: v.string(),
  type: v.literal('${names.contributionId}'),
  url: v.pipe(v.string(), v.url('url must be an absolute URL')),
  /** A secret: write it as \${ENV_NAME} or \${file:path} in the config, never in clear. */
  apiKey: v.pipe(v.string(), v.nonEmpty('apiKey must not be empty')),
});
export type Config = v.InferOutput<typeof schema> & CredentialConfig;

/** The \`${names.contributionId}\` credential type: sends the key in an \`x-api-key\` header. */
export function createCredentialType(): CredentialType<Config> {
  return {
    type: '${names.contributionId}',
    displayName: '${names.title}',
    schema,
    secretFields: ['apiKey'],
    create(config, context) {
      context.addSecret(config.apiKey);
      const session = { headers: { 'x-api-key': config.apiKey }, baseUrl: config.url.replace(/\\/+$/, '') };
      return {
        id: config.id,
        name: config.name,
        type: config.type,
        authenticate: async () => session,
        test: async () => undefined,
      };
    },
  };
}
`;
}

export function credentialSpecTs(names: PluginNames): string {
  return `import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { credentialDirectly, recordingSink, startTestHost, testPlugin } from 'tributary-kit/testing';
import plugin from '../index.js';

const entry = { id: 'api', name: 'API', type: '${names.contributionId}', url: 'https://api.example.test/', apiKey: '\${API_KEY}' };
/** A configuration declares a sink: the kit's recording one (the test host has no other). */
const plugins = [plugin, testPlugin({ sinkTypes: [recordingSink()] })];
const sinks = [{ id: 'out', type: 'recording' }];

describe('credential type', () => {
  it('authenticates with the key from the environment', async () => {
    const th = await startTestHost({ plugins, config: { credentials: [entry], sinks }, env: { API_KEY: 'k-123456' } });
    try {
      const session = await credentialDirectly(th, 'api').authenticate();
      assert.deepEqual(session, { headers: { 'x-api-key': 'k-123456' }, baseUrl: 'https://api.example.test' });
    } finally {
      await th.close();
    }
  });

  it('refuses an entry without a key', async () => {
    const { apiKey: _omitted, ...incomplete } = entry;
    await assert.rejects(startTestHost({ plugins, config: { credentials: [incomplete], sinks } }), /apiKey/);
  });
});
`;
}

export function credentialUsage(names: PluginNames): string {
  return `credentials:
  - id: api
    name: My API
    type: ${names.contributionId}
    url: https://api.example.com
    apiKey: \${MY_API_KEY}
`;
}
