import salesforcePlugin from '../../plugins/salesforce-user-attributes/index.js';
import { startSandbox, type Sandbox, type SandboxFaults } from '../../plugins/salesforce-sandbox/index.js';
import { describeConnectorConformance, type ConformanceScenario } from '../../testing.js';

const FAULTS: Partial<Record<ConformanceScenario, SandboxFaults>> = {
  failure: { dailyLimitExceeded: true },
  retry: { failPage: { page: 2, status: 503 } },
  reauth: { expireSessionAfterPages: 1 },
};

/** The Salesforce connector against its sandbox on 127.0.0.1: 30 users in pages of 10. */
async function sandboxFor(scenario: ConformanceScenario): Promise<Sandbox> {
  return startSandbox({
    users: 30,
    batchSize: 10,
    seed: 7,
    faults: FAULTS[scenario] ?? {},
  });
}

describeConnectorConformance(salesforcePlugin, {
  parameters: { query: 'SELECT Id, Username, Department FROM User' },
  credentials: (vars) => ({
    id: 'sf',
    name: 'Sandbox',
    type: 'oauth2-client-credentials',
    url: vars['url'],
    clientId: vars['clientId'],
    clientSecret: '${SF_CLIENT_SECRET}',
  }),
  badCredentials: (vars) => ({
    id: 'sf',
    name: 'Sandbox',
    type: 'oauth2-client-credentials',
    url: vars['url'],
    clientId: vars['clientId'],
    clientSecret: '${SF_WRONG_SECRET}',
  }),
  identification: 'Username',
  fields: [{ source: 'Department', target: 'department' }],
  expectedRows: 30,
  rowLimit: 10, // a page boundary
  async setup(scenario) {
    const sandbox = await sandboxFor(scenario);
    return {
      vars: {
        url: sandbox.url,
        clientId: sandbox.clientId,
        SF_CLIENT_SECRET: sandbox.clientSecret,
        SF_WRONG_SECRET: 'not-the-secret',
      },
      requests: () => sandbox.stats.queryRequests,
      teardown: () => sandbox.close(),
    };
  },
});
