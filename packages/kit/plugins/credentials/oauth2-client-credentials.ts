import * as v from 'valibot';
import type { AuthRequest, CredentialType, HttpClient } from '../../core/index.js';
import { createCachedCredential } from './cached-credential.js';
import { baseEntryFields, requiredText } from './entry-fields.js';
import { clientAuthentication, resolveTokenUrl, type CredentialTypeOptions } from './token-endpoint.js';
import { TOKEN_RETRY_POLICY, requestToken } from './token-request.js';

const CLIENT_CREDENTIALS_TYPE = 'oauth2-client-credentials';

const clientCredentialsSchema = v.strictObject({
  ...baseEntryFields(CLIENT_CREDENTIALS_TYPE),
  clientId: requiredText('clientId'),
  clientSecret: requiredText('clientSecret'),
  scope: v.optional(requiredText('scope')),
});

export type ClientCredentialsConfig = v.InferOutput<typeof clientCredentialsSchema>;

/** OAuth 2.0 client credentials grant (Salesforce External Client Apps, Nexthink API credentials). */
export function createClientCredentialsType(
  http: HttpClient,
  options: CredentialTypeOptions = {},
): CredentialType<ClientCredentialsConfig> {
  return {
    type: CLIENT_CREDENTIALS_TYPE,
    displayName: 'OAuth 2.0 client credentials',
    schema: clientCredentialsSchema,
    secretFields: ['clientSecret'],
    create(config, context) {
      const shape = (request: AuthRequest) => ({
        tokenUrl: resolveTokenUrl(config, request),
        clientAuthentication: request.clientAuthentication ?? 'body',
        scope: config.scope ?? request.scope,
      });
      return createCachedCredential(
        config,
        {
          keyOf: (request) => JSON.stringify(shape(request)),
          obtain: (request) => {
            const { tokenUrl, scope, clientAuthentication: mode } = shape(request);
            const client = clientAuthentication(config.clientId, config.clientSecret, mode, (s) =>
              context.addSecret(s),
            );
            return requestToken(http, {
              credential: config,
              tokenUrl,
              form: { grant_type: 'client_credentials', ...client.form, ...(scope ? { scope } : {}) },
              headers: client.headers,
              fallbackBaseUrl: config.url,
              retry: options.retry ?? TOKEN_RETRY_POLICY,
              now: options.now ?? Date.now,
              addSecret: (s) => context.addSecret(s),
            });
          },
        },
        options.now,
      );
    },
  };
}
