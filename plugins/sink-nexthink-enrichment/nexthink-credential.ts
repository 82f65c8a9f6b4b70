import type { ConfigProblem, CredentialConfig } from 'tributary-kit';
import { nexthinkTokenUrl } from './nexthink-urls.js';

/** The only credential type the Enrichment API accepts: a Nexthink API credential (client ID and secret). */
const NEXTHINK_CREDENTIAL_TYPE = 'oauth2-client-credentials';

/**
 * What is wrong with the credentials entry a `nexthink-enrichment` sink names, paths relative to the sink
 * entry: another type, or a `url` the token endpoint cannot be worked out from and no `tokenUrl` (the
 * credential would otherwise fall back to Salesforce's token path). Empty when the entry is usable, or
 * when there is none (the host reports an undefined entry).
 */
export function nexthinkCredentialProblems(credential: CredentialConfig | undefined): ConfigProblem[] {
  if (credential === undefined) return [];
  if (credential.type !== NEXTHINK_CREDENTIAL_TYPE) {
    return [
      {
        path: 'credentials',
        message:
          `"${credential.id}" is of type ${credential.type}; a nexthink-enrichment sink needs an ` +
          `${NEXTHINK_CREDENTIAL_TYPE} entry (the client ID and secret of a Nexthink API credential)`,
      },
    ];
  }
  if (credential['tokenUrl'] !== undefined || nexthinkTokenUrl(credential['url']) !== undefined) return [];
  return [
    {
      path: 'credentials',
      message:
        `the token endpoint of credential "${credential.id}" cannot be worked out from its url, which is not a Nexthink API ` +
        'base (https://<instance>.api.<region>.nexthink.cloud): set tokenUrl on the credential ' +
        '(https://<instance>-login.<region>.nexthink.cloud/oauth2/default/v1/token)',
    },
  ];
}
