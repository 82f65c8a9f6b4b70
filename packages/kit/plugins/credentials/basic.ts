import * as v from 'valibot';
import {
  ConfigError,
  type AuthRequest,
  type CredentialContext,
  type CredentialType,
  type HttpClient,
} from '../../core/index.js';
import { createCachedCredential } from './cached-credential.js';
import { baseEntryFields, requiredText } from './entry-fields.js';
import { basicHeaderValue, resolveTokenUrl, type CredentialTypeOptions } from './token-endpoint.js';
import { TOKEN_RETRY_POLICY, requestToken } from './token-request.js';

const BASIC_TYPE = 'basic';

const basicSchema = v.strictObject({
  ...baseEntryFields(BASIC_TYPE),
  username: requiredText('username'),
  password: v.pipe(v.string('password must be a string'), v.nonEmpty('password must not be empty')),
  securityToken: v.optional(requiredText('securityToken')),
  clientId: v.optional(requiredText('clientId')),
  clientSecret: v.optional(requiredText('clientSecret')),
});

export type BasicConfig = v.InferOutput<typeof basicSchema>;

/**
 * Username and password: a plain HTTP Basic header, or, when the consumer asks for
 * `basicAs: 'password-grant'`, a session from the OAuth username-password flow (needs clientId and
 * clientSecret; the security token, if any, is appended to the password). The flow is deprecated; the
 * consumer that asks for it says so, once per run (a credential outlives runs under `serve`).
 */
export function createBasicType(http: HttpClient, options: CredentialTypeOptions = {}): CredentialType<BasicConfig> {
  return {
    type: BASIC_TYPE,
    displayName: 'Basic (username and password)',
    schema: basicSchema,
    secretFields: ['password', 'securityToken', 'clientSecret'],
    create(config, context) {
      return createCachedCredential(
        config,
        {
          keyOf: (request) =>
            request.basicAs === 'password-grant' ? `password-grant ${resolveTokenUrl(config, request)}` : 'header',
          obtain: async (request) => {
            if (request.basicAs !== 'password-grant') return headerSession(config, context);
            return passwordGrant(http, config, context, request, options);
          },
        },
        options.now,
      );
    },
  };
}

function headerSession(config: BasicConfig, context: CredentialContext) {
  const encoded = basicHeaderValue(config.username, config.password);
  context.addSecret(encoded);
  return { headers: { Authorization: `Basic ${encoded}` }, baseUrl: config.url.replace(/\/+$/, '') };
}

function passwordGrant(
  http: HttpClient,
  config: BasicConfig,
  context: CredentialContext,
  request: AuthRequest,
  options: CredentialTypeOptions,
) {
  if (!config.clientId || !config.clientSecret) {
    throw new ConfigError(
      'AUTH_CLIENT_REQUIRED',
      `Credential "${config.name}" (${config.id}): the username-password flow needs clientId and clientSecret ` +
        '(the consumer key and secret of the connected app) on the credential entry',
      { details: { credentialId: config.id } },
    );
  }
  return requestToken(http, {
    credential: config,
    tokenUrl: resolveTokenUrl(config, request),
    form: {
      grant_type: 'password',
      client_id: config.clientId,
      client_secret: config.clientSecret,
      username: config.username,
      password: `${config.password}${config.securityToken ?? ''}`,
    },
    fallbackBaseUrl: config.url,
    retry: options.retry ?? TOKEN_RETRY_POLICY,
    now: options.now ?? Date.now,
    addSecret: (s) => context.addSecret(s),
  });
}
