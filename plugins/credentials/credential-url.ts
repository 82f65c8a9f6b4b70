import * as v from 'valibot';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for an `https` URL, or an `http` URL on a loopback host (local sandboxes and tests). */
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

/** Schema of a credential `url` or `tokenUrl`: https, or http on 127.0.0.1, localhost or [::1]. */
export const credentialUrl = v.pipe(
  v.string(),
  v.url('must be an absolute URL such as https://acme.my.salesforce.com'),
  v.check(
    isAllowedCredentialUrl,
    'must use https (plain http is only allowed for the loopback hosts 127.0.0.1, localhost and [::1])',
  ),
);

/** Joins a base URL and a path without doubling the slash. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
