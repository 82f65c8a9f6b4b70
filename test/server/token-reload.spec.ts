import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stoppedAfterEach } from '../support/stopped-after-each.js';
import { serverConfig, serverEnv, serverPlugins } from './server-fixture.js';
import { startServing, type Serving } from './start-serving.js';

const OLD_TOKEN = 'old-operator-token-0123456789';
const NEW_TOKEN = 'new-operator-token-9876543210';

describe('serve: a reload rotates server.token', () => {
  const stopLater = stoppedAfterEach<Serving>();
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('re-reads server.token from ${file:} on SIGHUP: the new token is accepted and the old one refused at once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tributary-token-'));
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${OLD_TOKEN}\n`, { mode: 0o600 });
    const serving = stopLater(
      await startServing({
        config: serverConfig(),
        server: { token: `\${file:${tokenFile}}` },
        plugins: serverPlugins(),
        env: serverEnv,
      }),
    );
    const status = async (token: string, path = '/api/connectors', method = 'GET') =>
      (await fetch(`${serving.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } })).status;
    expect(await status(OLD_TOKEN)).to.equal(200);
    expect(await status(NEW_TOKEN)).to.equal(401);

    writeFileSync(tokenFile, `${NEW_TOKEN}\n`, { mode: 0o600 });
    await serving.reload();
    expect(await status(NEW_TOKEN)).to.equal(200);
    expect(await status(OLD_TOKEN)).to.equal(401);
    expect(await status(OLD_TOKEN, '/api/connectors/nope/run', 'POST')).to.equal(401);
    expect(await status(NEW_TOKEN, '/api/connectors/nope/run', 'POST')).to.equal(404); // past the token check
  });
});
