import * as v from 'valibot';
import { credentialUrl, type CredentialType } from '../../core/index.js';
import { createCachedCredential } from './cached-credential.js';
import { baseEntryFields, requiredText } from './entry-fields.js';

const BEARER_TOKEN_TYPE = 'bearer-token';

/** The header a token travels in unless the entry names another one. */
const DEFAULT_TOKEN_HEADER = 'Authorization';

/** An HTTP header name, or an authentication scheme name (both RFC 9110 `token`). */
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const { id, name, type } = baseEntryFields(BEARER_TOKEN_TYPE);

const bearerTokenSchema = v.strictObject({
  id,
  name,
  type,
  url: v.optional(credentialUrl),
  token: v.pipe(
    requiredText('token'),
    v.regex(
      /^[\x21-\x7e]+$/,
      'token must be printable ASCII without spaces or line breaks (it is sent in an HTTP header)',
    ),
  ),
  header: v.optional(
    v.pipe(requiredText('header'), v.regex(HTTP_TOKEN, 'header must be an HTTP header name such as X-API-Key')),
  ),
  scheme: v.optional(
    v.pipe(
      requiredText('scheme'),
      v.regex(HTTP_TOKEN, 'scheme must be one word such as Bearer, SSWS or Token (it is sent before the token)'),
    ),
  ),
});

export type BearerTokenConfig = v.InferOutput<typeof bearerTokenSchema>;

/**
 * A static token (a personal access token, an API key) sent with every request: `Authorization: Bearer
 * <token>`, or the bare token in the header the entry names (`header: X-API-Key`). `scheme` replaces
 * `Bearer` (`SSWS <token>`, `Token <token>`), or puts a scheme before the token in another header. No
 * token request.
 */
export function createBearerTokenType(): CredentialType<BearerTokenConfig> {
  return {
    type: BEARER_TOKEN_TYPE,
    displayName: 'Static bearer token',
    schema: bearerTokenSchema,
    secretFields: ['token'],
    create(config, context) {
      context.addSecret(config.token);
      const header = config.header ?? DEFAULT_TOKEN_HEADER;
      const scheme = config.scheme ?? (header.toLowerCase() === 'authorization' ? 'Bearer' : undefined);
      const value = scheme === undefined ? config.token : `${scheme} ${config.token}`;
      const session = { headers: { [header]: value }, baseUrl: config.url?.replace(/\/+$/, '') ?? '' };
      return createCachedCredential(config, { keyOf: () => 'header', obtain: () => Promise.resolve(session) });
    },
  };
}
