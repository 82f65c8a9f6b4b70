import * as v from 'valibot';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * True for an `https` URL, or an `http` URL on a loopback host (127.0.0.1, localhost, [::1]: local
 * sandboxes and tests). The rule every built-in credential type applies to `url` and `tokenUrl`.
 */
export function isAllowedCredentialUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * Valibot schema of a credential `url` or `tokenUrl` (https, or http on a loopback host), for the
 * `schema` of a credential type: `url: credentialUrl`, or `v.optional(credentialUrl)`.
 */
export const credentialUrl = v.pipe(
  v.string(),
  v.url('must be an absolute URL such as https://acme.my.salesforce.com'),
  v.check(
    isAllowedCredentialUrl,
    'must use https (plain http is only allowed for the loopback hosts 127.0.0.1, localhost and [::1])',
  ),
);
