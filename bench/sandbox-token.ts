/**
 * An access token from the sandbox's OAuth token endpoint (client-credentials flow), for the
 * scenarios that talk to the REST API without Tributary.
 */
export interface SandboxSession {
  readonly accessToken: string;
  readonly instanceUrl: string;
}

export async function sandboxSession(url: string, clientId: string, clientSecret: string): Promise<SandboxSession> {
  const response = await fetch(`${url}/services/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
  });
  if (!response.ok) throw new Error(`The sandbox refused the token request: HTTP ${response.status}`);
  const body = (await response.json()) as { access_token: string; instance_url: string };
  return { accessToken: body.access_token, instanceUrl: body.instance_url };
}
