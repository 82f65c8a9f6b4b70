import type { Credential, HttpClient } from 'tributary-kit';
import { credentialDirectly, startTestHost } from '../../../../testing.js';

export interface ClientCredentialEntry {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * The built-in `oauth2-client-credentials` credential of an entry, made by the kit's test host as a run
 * would make it (a plugin never imports another: the credentials plugin is reached through the host).
 * The host is closed once the credential exists; the credential keeps using `http`.
 */
export async function clientCredential(
  entry: ClientCredentialEntry,
  http: HttpClient,
  addSecret?: (secret: string) => void,
): Promise<Credential> {
  const testHost = await startTestHost({
    config: { credentials: [{ ...entry, type: 'oauth2-client-credentials', clientSecret: '${CLIENT_SECRET}' }] },
    env: { CLIENT_SECRET: entry.clientSecret },
    http,
  });
  try {
    return credentialDirectly(testHost, entry.id, { addSecret });
  } finally {
    await testHost.close();
  }
}
