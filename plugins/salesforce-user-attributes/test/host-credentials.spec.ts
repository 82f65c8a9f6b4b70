import { expect } from 'chai';
import type { ConfigProblem, ConfigProblemsError } from 'tributary-kit';
import { startTestHost, type MemoryLogger, type TestHost } from '../../../testing.js';
import { startSandbox, type Sandbox } from '../../salesforce-sandbox/index.js';
import { USERS_CONNECTOR, USERS_QUERY } from './scenarios.js';

const LOGIN_HOST =
  /^credential "sf" points at login\.salesforce\.com; the client credentials flow only works on the org's My Domain/;

/** What the host refuses before `check` or `run` gets to the connector (README: client credentials, `tributary check`). */
async function problemsOf(
  connector: Record<string, unknown>,
  credential: Record<string, unknown> = {},
  others: readonly Record<string, unknown>[] = [],
): Promise<readonly ConfigProblem[]> {
  const host = await startTestHost({
    env: { SF_SECRET: 's' },
    deferMappingErrors: true, // as `check` and `run` load the configuration
    config: {
      credentials: [
        {
          id: 'sf',
          type: 'oauth2-client-credentials',
          url: 'https://login.salesforce.com',
          clientId: 'key',
          clientSecret: '${SF_SECRET}',
          ...credential,
        },
        ...others,
      ],
      connectors: [{ ...USERS_CONNECTOR, ...connector }],
    },
  }).catch((e: unknown) => e as ConfigProblemsError);
  if (!('problems' in host)) {
    await host.close();
    return [];
  }
  return host.problems;
}

describe('salesforce-user-attributes: what the host refuses before check and run', () => {
  it("refuses a literal FROM Account before the connector's check could see Account records", async () => {
    const problems = await problemsOf(
      { parameters: { query: 'SELECT Id, Username FROM Account' } },
      { url: 'https://acme.my.salesforce.com' },
    );
    expect(problems).to.deep.equal([
      {
        path: 'connectors[0].parameters.query',
        message: 'the query reads Account, but this connector imports users: select FROM User',
      },
    ]);
  });

  it('reports a generic login host once the connector entry has no other problem', async () => {
    const problems = await problemsOf({});
    expect(problems.map((p) => p.path)).to.deep.equal(['connectors[0].credentials']);
    expect(problems[0]!.message).to.match(LOGIN_HOST);

    const withOther = await problemsOf({ parameters: { query: USERS_QUERY, batchSize: 10 } });
    expect(withOther.map((p) => p.path)).to.deep.equal(['connectors[0].parameters.batchSize']);
    expect(withOther.some((p) => LOGIN_HOST.test(p.message))).to.equal(false);

    const invalidExpression = await problemsOf({
      mapping: { identification: 'Username', fields: [{ source: 'Department(', target: 'department' }] },
    });
    expect(invalidExpression.map((p) => p.path)).to.deep.equal(['connectors[0].credentials']);
  });

  it('does not check a credential no Salesforce connector names', async () => {
    const myDomain = {
      id: 'sf-good',
      type: 'oauth2-client-credentials',
      url: 'https://acme.my.salesforce.com',
      clientId: 'key',
      clientSecret: '${SF_SECRET}',
    };
    expect(await problemsOf({ credentials: 'sf-good' }, {}, [myDomain])).to.deep.equal([]);
  });

  it('names a credential without a name by its id', async () => {
    const { config, close } = await startTestHost({
      env: { SF_SECRET: 's' },
      config: {
        credentials: [
          {
            id: 'sf',
            type: 'oauth2-client-credentials',
            url: 'https://acme.my.salesforce.com',
            clientId: 'key',
            clientSecret: '${SF_SECRET}',
          },
        ],
      },
    });
    try {
      expect(config.credentials[0]).to.include({ id: 'sf', name: 'sf' });
    } finally {
      await close();
    }
  });
});

/** docs/credentials.md: a basic credential (username-password flow) gets one deprecation warning per run. */
describe('salesforce-user-attributes: the username-password flow warning', () => {
  let sandbox: Sandbox;
  let logger: MemoryLogger;
  let host: TestHost;
  beforeEach(async () => {
    sandbox = await startSandbox({ users: 5, seed: 3 });
    host = await startTestHost({
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
        connectors: [USERS_CONNECTOR],
      },
    });
    logger = host.logger;
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
      expect(result.description).to.match(
        /username-password flow \("basic" credential\) is deprecated: Salesforce retires it on 2027-02-20/,
      );
      expect(deprecationLines()).to.have.length(expected);
    }
    expect(deprecationLines()[0]).to.match(/^warn: Credential "Sandbox": the username-password flow/);
    expect(sandbox.stats.tokenRequests).to.equal(1); // the second run reused the session: the warning does not depend on it
  });
});
