import { ConfigError } from 'tributary-kit';

export function missingCredentialError(nqlId: string): ConfigError {
  return new ConfigError(
    'SF_CREDENTIAL_REQUIRED',
    `Connector ${nqlId}: the Salesforce connector needs credentials (oauth2-client-credentials, oauth2-jwt-bearer or basic)`,
  );
}
