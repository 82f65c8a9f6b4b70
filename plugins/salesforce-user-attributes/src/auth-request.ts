import type { AuthRequest, Credential } from 'tributary-kit';

/** JWT audience when the credential entry names none; sandboxes set `audience: https://test.salesforce.com`. */
const DEFAULT_JWT_AUDIENCE = 'https://login.salesforce.com';

export const PASSWORD_FLOW_DEPRECATION =
  'the username-password flow ("basic" credential) is deprecated: Salesforce retires it on 2027-02-20; ' +
  'switch to an oauth2-client-credentials credential (External Client App with the client credentials flow)';

/**
 * What this connector asks of each credential type. Client credentials use the credential's own default
 * token URL (`{url}/services/oauth2/token`); `AuthSession.baseUrl` is Salesforce's `instance_url`.
 */
export function authRequestFor(credential: Credential, extra: Pick<AuthRequest, 'force' | 'signal'> = {}): AuthRequest {
  switch (credential.type) {
    case 'basic':
      return { ...extra, basicAs: 'password-grant' };
    case 'oauth2-jwt-bearer':
      return { ...extra, defaultAudience: DEFAULT_JWT_AUDIENCE };
    default:
      return { ...extra };
  }
}

export function isDeprecatedFlow(credential: Credential): boolean {
  return credential.type === 'basic';
}
