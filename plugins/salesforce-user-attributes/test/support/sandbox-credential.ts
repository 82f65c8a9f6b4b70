import type { Credential, HttpClient } from 'tributary-kit';
import { testHttpClient } from '../../../../testing.js';
import type { Sandbox } from '../../../salesforce-sandbox/index.js';
import { clientCredential } from './client-credential.js';

/** The host's HTTP client (fast retries) and the real client-credentials credential `id` of the sandbox, using it. */
export async function sandboxCredential(
  sandbox: Sandbox,
  id = 'sandbox',
  addSecret?: (secret: string) => void,
): Promise<{ http: HttpClient; credential: Credential }> {
  const http = testHttpClient({ retry: { limit: 4, baseDelayMs: 1, maxDelayMs: 2 } });
  const credential = await clientCredential(
    { id, name: 'Sandbox', url: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret },
    http,
    addSecret,
  );
  return { http, credential };
}

/** The config's `sf` credentials entry for the sandbox, its secret read from SF_CLIENT_SECRET. */
export function sandboxCredentialEntry(sandbox: Sandbox) {
  return {
    id: 'sf',
    name: 'Sandbox',
    type: 'oauth2-client-credentials',
    url: sandbox.url,
    clientId: sandbox.clientId,
    clientSecret: '${SF_CLIENT_SECRET}',
  };
}
