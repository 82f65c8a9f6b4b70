import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { startLocalServer, type LocalServer } from 'tributary-kit/internal/testing/local-server.js';
import { cli, salesforceProject, sendJson, startHostileSalesforce, stateFiles } from '../support/hostile-salesforce.js';

/** A client secret with a space and reserved characters: form-encoded it reads `Rt+Zq8v%21Kx%2B9%2Fq%3D`. */
const SECRET = 'Rt Zq8v!Kx+9/q=';

/** Everything the operator sees, and what the execution log keeps. */
function everything(outcome: { stdout: string; stderr: string }, dir: string): string {
  return `${outcome.stdout}\n${outcome.stderr}\n${existsSync(join(dir, '.tributary')) ? stateFiles(dir) : ''}`;
}

/** `run` in a project whose Salesforce credential (client credentials, secret {@link SECRET}) points at `url`. */
async function runWithClientCredentials(url: string) {
  const dir = salesforceProject({
    type: 'oauth2-client-credentials',
    url,
    clientId: 'key',
    clientSecret: '${SF_SECRET}',
  });
  return { dir, outcome: await cli(dir, ['run'], { SF_SECRET: SECRET }) };
}

describe('hostile servers', () => {
  let elsewhere: LocalServer;
  beforeEach(async () => {
    // Another origin: 127.0.0.2 is loopback, so nothing a test sends there leaves the machine.
    elsewhere = await startLocalServer(
      (_req, res) =>
        sendJson(res, 200, {
          access_token: 'stolen',
          totalSize: 1,
          done: true,
          records: [{ Username: 'evil@other.com' }],
        }),
      { host: '127.0.0.2' },
    );
  });
  afterEach(() => elsewhere.close());

  it('a token endpoint redirecting to another origin gets no secret there; the error names the credential and both origins', async () => {
    for (const status of [301, 302, 307, 308]) {
      const sf = await startHostileSalesforce({
        token: (_req, res) => void res.writeHead(status, { location: `${elsewhere.url}/services/oauth2/token` }).end(),
      });
      try {
        const { dir, outcome } = await runWithClientCredentials(sf.url);
        expect(outcome.code, outcome.stderr).to.equal(1);
        expect(elsewhere.requests, `HTTP ${status}`).to.deep.equal([]);
        expect(outcome.stdout).to.include(
          `Credential "Salesforce" (sf): ${sf.url} redirected the request to ${elsewhere.url}, another origin: Tributary follows redirects only within one origin`,
        );
        expect(existsSync(join(dir, 'users.jsonl'))).to.equal(false);
      } finally {
        await sf.close();
      }
    }
  });

  it('a query page redirecting to another origin is not followed: no foreign rows committed, no token sent there', async () => {
    const sf = await startHostileSalesforce({
      query: (_req, res) => void res.writeHead(302, { location: `${elsewhere.url}/services/data/v62.0/query` }).end(),
    });
    try {
      const { dir, outcome } = await runWithClientCredentials(sf.url);
      expect(outcome.code).to.equal(1);
      expect(outcome.stdout).to.include(`${sf.url} redirected the request to ${elsewhere.url}, another origin`);
      expect(elsewhere.requests).to.deep.equal([]);
      expect(existsSync(join(dir, 'users.jsonl'))).to.equal(false);
    } finally {
      await sf.close();
    }
  });

  it('a token endpoint echoing the form body leaks no form-encoded secret, to the terminal or the execution log', async () => {
    const echo = startHostileSalesforce({
      token: (req, res) =>
        sendJson(res, 400, { error: 'invalid_client', error_description: `bad request: ${req.body}` }),
    });
    const sf = await echo;
    try {
      const { dir: clientCredentials, outcome: run } = await runWithClientCredentials(sf.url);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.include('client_secret=***');
      expect(everything(run, clientCredentials)).not.to.include('Zq8v');

      const password = salesforceProject({
        type: 'basic',
        url: sf.url,
        username: 'int@acme.example',
        password: '${SF_PASSWORD}',
        securityToken: '${SF_TOKEN}',
        clientId: 'key',
        clientSecret: '${SF_SECRET}',
      });
      const env = { SF_PASSWORD: 'PassWord!42', SF_TOKEN: 'TokenXyZ9876', SF_SECRET: SECRET };
      const outcomes = [await cli(password, ['run'], env), await cli(password, ['check'], env)];
      for (const outcome of outcomes) {
        expect(outcome.code).to.equal(1);
        const seen = everything(outcome, password);
        for (const fragment of ['PassWord', 'TokenXyZ', 'Zq8v']) expect(seen).not.to.include(fragment);
      }
      expect(sf.requests.at(-1)!.body).to.include('password=PassWord%2142TokenXyZ9876'); // what the server saw, and echoed
    } finally {
      await sf.close();
    }
  });

  it('a JWT bearer assertion echoed back is redacted', async () => {
    const sf = await startHostileSalesforce({
      token: (req, res) => sendJson(res, 400, { error: 'invalid_grant', error_description: `rejected ${req.body}` }),
    });
    try {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const dir = salesforceProject(
        {
          type: 'oauth2-jwt-bearer',
          url: sf.url,
          clientId: 'key',
          username: 'int@acme.example',
          privateKey: '${file:sf.key}',
        },
        { 'sf.key': privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
      );
      const outcome = await cli(dir, ['run'], {});
      expect(outcome.code).to.equal(1);
      const assertion = new URLSearchParams(sf.requests[0]!.body).get('assertion')!;
      expect(assertion.split('.')).to.have.length(3);
      const seen = everything(outcome, dir);
      expect(seen).to.include('rejected grant_type=');
      expect(seen).not.to.include(assertion.slice(0, 12));
      expect(seen).not.to.include(assertion.split('.')[2]!.slice(0, 12));
    } finally {
      await sf.close();
    }
  });

  it('a 100 KB ${file:} secret full of URL-encodable characters neither crashes a command nor floods stderr', async () => {
    const sf = await startHostileSalesforce({
      token: (req, res) => sendJson(res, 400, { error: 'invalid_client', error_description: req.body }),
    });
    try {
      const secret = 'Top Secret/Key+(x)?'.repeat(5500);
      const dir = salesforceProject(
        { type: 'oauth2-client-credentials', url: sf.url, clientId: 'key', clientSecret: '${file:secret.txt}' },
        { 'secret.txt': `${secret}\n` },
      );
      const validate = await cli(dir, ['validate'], {});
      expect(validate.code, validate.stderr).to.equal(0);
      const run = await cli(dir, ['run'], {});
      expect(run.code).to.equal(1);
      expect(run.stderr).not.to.include('Invalid regular expression');
      expect(run.stdout.length + run.stderr.length).to.be.below(4000);
      expect(everything(run, dir)).not.to.include('Top Secret');
    } finally {
      await sf.close();
    }
  });

  it('check prints the URL a credential took from ${SF_URL} (only secrets are redacted)', async () => {
    const sf = await startHostileSalesforce();
    try {
      const dir = salesforceProject({
        type: 'oauth2-client-credentials',
        url: '${SF_URL}',
        clientId: 'key',
        clientSecret: '${SF_SECRET}',
      });
      const outcome = await cli(dir, ['check'], { SF_URL: sf.url, SF_SECRET: SECRET });
      expect(outcome.code, outcome.stdout + outcome.stderr).to.equal(0);
      expect(outcome.stdout).to.include(`on ${sf.url}`);
      expect(outcome.stdout).not.to.include('***');
    } finally {
      await sf.close();
    }
  });

  it('refuses a URL with a password written in the file, and never sends URL userinfo', async () => {
    const dir = salesforceProject({
      type: 'oauth2-client-credentials',
      url: 'https://admin:pw@acme.my.salesforce.com',
      clientId: 'key',
      clientSecret: '${SF_SECRET}',
    });
    const outcome = await cli(dir, ['validate'], { SF_SECRET: SECRET });
    expect(outcome.code).to.equal(2);
    expect(outcome.stderr).to.include(
      'credentials[0].url: is a URL with a password written in the file (user:password@)',
    );
    expect(outcome.stderr).not.to.include('admin:pw');
  });
});
