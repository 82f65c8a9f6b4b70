import type { Sandbox } from '../../plugins/salesforce-sandbox/index.js';
import { runCli, type CliOutcome } from '../support/run-cli.js';

/** A Salesforce connector on the sandbox: `query` and the mapping's field sources (targets named after them). */
export function sandboxConnector(
  nqlId: string,
  query: string,
  sources: readonly string[],
  identification = 'Username',
) {
  return {
    nqlId,
    name: `Sandbox ${nqlId}`,
    connector: 'salesforce-user-attributes',
    credentials: 'sandbox',
    sink: 'users',
    parameters: { query },
    mapping: {
      identification,
      fields: sources.map((source, i) => ({ source, target: `field_${i}` })),
    },
  };
}

/**
 * `tributary <argv>` in this process with the built-in plugins, state in memory and the sandbox's
 * client credentials (the secret from the environment, as a real config has it).
 */
export function runOnSandbox(
  sandbox: Sandbox,
  argv: string[],
  connectors: readonly object[],
  clientSecret = sandbox.clientSecret,
): Promise<CliOutcome> {
  const config = {
    credentials: [
      {
        id: 'sandbox',
        type: 'oauth2-client-credentials',
        url: sandbox.url,
        clientId: sandbox.clientId,
        clientSecret: '${SB_SECRET}',
      },
    ],
    sinks: [{ id: 'users', type: 'sqlite' }],
    connectors,
  };
  return runCli(argv, { host: { config, stateDir: ':memory:' }, env: { SB_SECRET: clientSecret } });
}
