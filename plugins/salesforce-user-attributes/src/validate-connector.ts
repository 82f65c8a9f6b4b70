import type { ConfigProblem, ConnectorConfig, CredentialConfig } from 'tributary-kit';
import { changeQueries, notIncrementalMessage } from './change-query.js';
import { soqlObjectName } from './soql-object.js';

const GENERIC_LOGIN_HOSTS = new Set(['login.salesforce.com', 'test.salesforce.com']);

/** Offline checks across the connector and its credential entry; paths are relative to the connector. */
export function validateSalesforceConnector(
  connector: ConnectorConfig,
  credential: CredentialConfig | undefined,
): readonly ConfigProblem[] {
  const problems: ConfigProblem[] = [...queryProblems(connector)];
  if (credential?.type === 'basic') {
    const missing = (['clientId', 'clientSecret'] as const).filter((field) => credential[field] === undefined);
    if (missing.length) {
      problems.push({
        path: 'credentials',
        message:
          `credential "${credential.id}" is of type basic, which this connector uses for the OAuth 2.0 username-password ` +
          `flow: that flow needs clientId and clientSecret (the consumer key and secret of the connected app); ` +
          `set ${missing.join(' and ')} on the credential entry`,
      });
    }
  }
  if (credential?.type === 'oauth2-client-credentials') {
    const host = hostOf(credential['url']);
    if (host !== undefined && GENERIC_LOGIN_HOSTS.has(host)) {
      problems.push({
        path: 'credentials',
        message:
          `credential "${credential.id}" points at ${host}; the client credentials flow only works on the org's ` +
          'My Domain (https://<name>.my.salesforce.com, or https://<name>--<sandbox>.sandbox.my.salesforce.com), ' +
          'Salesforce answers "invalid_grant: request not supported on this domain" elsewhere',
      });
    }
  }
  return problems;
}

/** The query reads users, and, for an incremental connector, can take a change filter. */
function queryProblems(connector: ConnectorConfig): readonly ConfigProblem[] {
  const query = connector.parameters['query'];
  if (typeof query !== 'string') return [];
  const object = soqlObjectName(query);
  if (object !== undefined && object.toLowerCase() !== 'user')
    return [
      {
        path: 'parameters.query',
        message: `the query reads ${object}, but this connector imports users: select FROM User`,
      },
    ];
  if (connector.sync?.mode !== 'incremental') return [];
  const plan = changeQueries(query);
  return plan.incremental ? [] : [{ path: 'parameters.query', message: notIncrementalMessage(plan.reason) }];
}

function hostOf(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}
