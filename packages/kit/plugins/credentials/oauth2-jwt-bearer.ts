import * as v from 'valibot';
import {
  ConfigError,
  credentialUrl,
  type AuthRequest,
  type CredentialType,
  type HttpClient,
} from '../../core/index.js';
import { createCachedCredential } from './cached-credential.js';
import { baseEntryFields, requiredText } from './entry-fields.js';
import { normalizePem, parseRsaPrivateKey, signJwtAssertion } from './jwt-assertion.js';
import { resolveTokenUrl, type CredentialTypeOptions } from './token-endpoint.js';
import { TOKEN_RETRY_POLICY, requestToken } from './token-request.js';

const JWT_BEARER_TYPE = 'oauth2-jwt-bearer';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Audience when neither the entry nor the consumer names one. */
const DEFAULT_JWT_AUDIENCE = 'https://login.salesforce.com';

const jwtBearerSchema = v.strictObject({
  ...baseEntryFields(JWT_BEARER_TYPE),
  clientId: requiredText('clientId'),
  username: requiredText('username'),
  privateKey: v.pipe(
    v.string('privateKey must be a string'),
    v.check(
      (pem) => parseRsaPrivateKey(pem) !== undefined,
      'privateKey must be an RSA private key in PEM form (-----BEGIN PRIVATE KEY-----…), usually read with ${file:path}',
    ),
    v.transform(normalizePem),
  ),
  audience: v.optional(credentialUrl),
});

export type JwtBearerConfig = v.InferOutput<typeof jwtBearerSchema>;

/** OAuth 2.0 JWT bearer flow: an RS256 assertion signed with the entry's private key, minted per token. */
export function createJwtBearerType(
  http: HttpClient,
  options: CredentialTypeOptions = {},
): CredentialType<JwtBearerConfig> {
  const now = options.now ?? Date.now;
  return {
    type: JWT_BEARER_TYPE,
    displayName: 'OAuth 2.0 JWT bearer',
    schema: jwtBearerSchema,
    secretFields: ['privateKey'],
    create(config, context) {
      const shape = (request: AuthRequest) => ({
        tokenUrl: resolveTokenUrl(config, request),
        audience: config.audience ?? request.defaultAudience ?? DEFAULT_JWT_AUDIENCE,
      });
      return createCachedCredential(
        config,
        {
          keyOf: (request) => JSON.stringify(shape(request)),
          obtain: async (request) => {
            const { tokenUrl, audience } = shape(request);
            const key = parseRsaPrivateKey(config.privateKey);
            if (!key) {
              throw new ConfigError(
                'AUTH_PRIVATE_KEY_INVALID',
                `Credential "${config.name}" (${config.id}): privateKey is not an RSA private key in PEM form`,
              );
            }
            const assertion = signJwtAssertion(
              { issuer: config.clientId, subject: config.username, audience },
              key,
              now(),
            );
            context.addSecret(assertion);
            return requestToken(http, {
              credential: config,
              tokenUrl,
              form: { grant_type: JWT_BEARER_GRANT, assertion },
              fallbackBaseUrl: config.url,
              retry: options.retry ?? TOKEN_RETRY_POLICY,
              now,
              addSecret: (s) => context.addSecret(s),
            });
          },
        },
        now,
      );
    },
  };
}
