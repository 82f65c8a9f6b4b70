import {
  CredentialTypes,
  HttpClientService,
  PLUGIN_API_VERSION,
  definePlugin,
  type CredentialType,
  type HttpClient,
} from '../../core/index.js';
import { createBasicType } from './basic.js';
import { createBearerTokenType } from './bearer-token.js';
import { createClientCredentialsType } from './oauth2-client-credentials.js';
import { createJwtBearerType } from './oauth2-jwt-bearer.js';

const factories: readonly ((http: HttpClient) => CredentialType)[] = [
  createClientCredentialsType,
  createBasicType,
  createJwtBearerType,
  createBearerTokenType,
];

/** Built-in credential types: `oauth2-client-credentials`, `basic`, `oauth2-jwt-bearer`, `bearer-token`. */
export default definePlugin({
  id: 'credentials',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description:
    'OAuth 2.0 client credentials, Basic (header or username-password flow), OAuth 2.0 JWT bearer and static bearer token credentials',
  register(env) {
    for (const create of factories)
      env.contribute(CredentialTypes, (services) => create(services.get(HttpClientService)));
  },
});
