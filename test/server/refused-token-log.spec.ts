import { expect } from 'chai';
import { RefusedTokenLog } from '../../host/serve/server/refused-token-log.js';
import { FakeClock, memoryLogger } from '../../testing.js';
import { stoppedAfterEach } from '../support/stopped-after-each.js';
import { OPERATOR_TOKEN, serverConfig, serverEnv, serverPlugins } from './server-fixture.js';
import { startServing, type Serving } from './start-serving.js';

const WRONG_TOKEN = 'guessed-token-abcdef0123456789';

describe('serve: refused tokens are logged', () => {
  const stopLater = stoppedAfterEach<Serving>();

  it('warns once a minute per address with the count of the refusals in between, never with the token', async () => {
    const clock = new FakeClock('2030-01-01T00:00:00Z');
    const serving = stopLater(
      await startServing({
        config: serverConfig(),
        server: { token: '${OPERATOR_TOKEN}' },
        plugins: serverPlugins(),
        env: { ...serverEnv, OPERATOR_TOKEN },
        clock,
      }),
    );
    const send = async (token?: string, path = '/api/connectors') =>
      (
        await fetch(`${serving.url}${path}`, {
          headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
        })
      ).status;
    const warnings = () => serving.logger.lines.filter((line) => line.startsWith('warn: HTTP:'));

    expect(await send(WRONG_TOKEN)).to.equal(401);
    expect(warnings()).to.deep.equal(['warn: HTTP: refused a wrong token from 127.0.0.1 (GET /api/connectors)']);
    for (const path of ['/api/runs', '/metrics', '/api/connectors']) {
      clock.jump(10_000);
      expect(await send(`${WRONG_TOKEN}${path}`, path)).to.equal(401);
    }
    expect(await send()).to.equal(401); // no token at all: not a refused token
    expect(await send(OPERATOR_TOKEN)).to.equal(200);
    expect(warnings()).to.have.length(1);
    clock.jump(30_000);
    expect(await send(WRONG_TOKEN, '/api/runs')).to.equal(401);
    expect(warnings()).to.deep.equal([
      'warn: HTTP: refused a wrong token from 127.0.0.1 (GET /api/connectors)',
      'warn: HTTP: refused a wrong token from 127.0.0.1 (GET /api/runs); 3 more refused from this address since 2030-01-01T00:00:00.000Z',
    ]);
    for (const line of serving.logger.lines) {
      expect(line).not.to.include(WRONG_TOKEN);
      expect(line).not.to.include(OPERATOR_TOKEN);
    }
  });

  it('keeps each remote address to its own interval', () => {
    const clock = new FakeClock('2030-01-01T00:00:00Z');
    const logger = memoryLogger();
    const log = new RefusedTokenLog(logger, clock, 60_000);
    log.refused('192.0.2.1', 'GET /api/runs');
    log.refused('192.0.2.2', 'GET /api/runs');
    log.refused('192.0.2.1', 'GET /api/runs');
    clock.jump(59_999);
    log.refused('192.0.2.1', 'GET /api/runs');
    clock.jump(1);
    log.refused('192.0.2.1', 'POST /api/connectors/:nqlId/run');
    log.refused('192.0.2.2', 'GET /metrics');
    expect(logger.lines).to.deep.equal([
      'warn: HTTP: refused a wrong token from 192.0.2.1 (GET /api/runs)',
      'warn: HTTP: refused a wrong token from 192.0.2.2 (GET /api/runs)',
      'warn: HTTP: refused a wrong token from 192.0.2.1 (POST /api/connectors/:nqlId/run); 2 more refused from this address since 2030-01-01T00:00:00.000Z',
      'warn: HTTP: refused a wrong token from 192.0.2.2 (GET /metrics)',
    ]);
  });
});
