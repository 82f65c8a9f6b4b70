import type { AuthRequest, RetryPolicy } from '../../core/index.js';
import { joinUrl } from './join-url.js';

/** Salesforce's token path, used when neither the entry nor the consumer names a token URL. */
const DEFAULT_TOKEN_PATH = '/services/oauth2/token';

/** What every credential type factory accepts, mostly for tests. */
export interface CredentialTypeOptions {
  /** Clock in epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
  /** Retry policy of token requests. Default {@link TOKEN_RETRY_POLICY}. */
  readonly retry?: RetryPolicy;
}

/** Token endpoint: the entry's `tokenUrl`, else the consumer's default, else `{url}/services/oauth2/token`. */
export function resolveTokenUrl(
  entry: { readonly url: string; readonly tokenUrl?: string },
  request: AuthRequest,
): string {
  return entry.tokenUrl ?? request.defaultTokenUrl ?? joinUrl(entry.url, DEFAULT_TOKEN_PATH);
}

export interface ClientAuthentication {
  readonly form: Record<string, string>;
  readonly headers: Record<string, string>;
}

/**
 * Client id and secret in the form body (default) or as an HTTP Basic header. The header carries the raw
 * values, as `curl -u id:secret` sends them and as Nexthink expects.
 */
export function clientAuthentication(
  clientId: string,
  clientSecret: string,
  mode: AuthRequest['clientAuthentication'],
  addSecret: (value: string) => void,
): ClientAuthentication {
  if (mode !== 'basic') return { form: { client_id: clientId, client_secret: clientSecret }, headers: {} };
  const encoded = basicHeaderValue(clientId, clientSecret);
  addSecret(encoded);
  return { form: {}, headers: { Authorization: `Basic ${encoded}` } };
}

/** base64(user:password), the value of an HTTP Basic `Authorization` header after `Basic `. */
export function basicHeaderValue(user: string, password: string): string {
  return Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
}
