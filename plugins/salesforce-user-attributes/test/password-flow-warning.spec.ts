import { expect } from 'chai';
import { createHost, type Host } from '../../../host/create-host.js';
import { memoryLogger, type MemoryLogger } from '../../../testing.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { USERS_QUERY } from './scenarios.js';

/** docs/credentials.md: a basic credential (username-password flow) gets one deprecation warning per run. */
describe('salesforce-user-attributes: the username-password flow warning', () => {
  let sandbox: Sandbox;
  let logger: MemoryLogger;
  let host: Host;
  beforeEach(async () => {
    sandbox = await startSandbox({ users: 5, seed: 3 });
    logger = memoryLogger();
    host = await createHost({
      stateDir: ':memory:',
      logger,
      env: { SF_PASSWORD: sandbox.password, SF_CLIENT_SECRET: sandbox.clientSecret },
      config: {
        credentials: [
          {
            id: 'sf',
            name: 'Sandbox',
            type: 'basic',
            url: sandbox.url,
            username: sandbox.username,
            password: '${SF_PASSWORD}',
            clientId: sandbox.clientId,
            clientSecret: '${SF_CLIENT_SECRET}',
          },
        ],
        connectors: [
          {
            nqlId: 'sf_users',
            name: 'Salesforce users',
            connector: 'salesforce-user-attributes',
            credentials: 'sf',
            parameters: { query: USERS_QUERY },
            mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
          },
        ],
      },
    });
  });
  afterEach(async () => {
    await host.close();
    await sandbox.close();
  });

  const deprecationLines = () => logger.lines.filter((line) => line.includes('username-password'));

  it('warns once on the log output and in the description of every run, not once per credential', async () => {
    for (const expected of [1, 2]) {
      const result = await host.run('sf_users');
      expect(result.status, result.description).to.equal('success');
      expect(result.description).to.match(/username-password flow \("basic" credential\) is deprecated: Salesforce retires it on 2027-02-20/);
      expect(deprecationLines()).to.have.length(expected);
    }
    expect(deprecationLines()[0]).to.match(/^warn: Credential "Sandbox": the username-password flow/);
    expect(sandbox.stats.tokenRequests).to.equal(1); // the second run reused the session: the warning does not depend on it
  });
});
