import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import {
  DEFAULT_SERVER_LIMITS,
  serverLimits,
  serverProblems,
} from 'tributary-kit/internal/kernel/config/server-settings.js';
import { stoppedAfterEach } from '../support/stopped-after-each.js';
import { rawConnection as connect, type RawConnection } from './raw-connection.js';
import { serverConfig, serverEnv, serverPlugins } from './server-fixture.js';
import { startServing, type Serving } from './start-serving.js';

/** The defaults the table of `server:` limits in docs/operations.md gives (its rows `| \`name\` | \`value\` | …`). */
function documentedLimits(): Record<string, number> {
  const text = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
  const rows = [...text.matchAll(/^\| `(\w+)` \| `(\d+)` \|/gm)].filter(([, name]) => name! in DEFAULT_SERVER_LIMITS);
  return Object.fromEntries(rows.map(([, name, value]) => [name, Number(value)]));
}

describe('serve: connections are bounded', () => {
  const stopLater = stoppedAfterEach<Serving>();
  const connections: RawConnection[] = [];
  const rawConnection = async (url: string): Promise<RawConnection> => {
    const connection = await connect(url);
    connections.push(connection);
    return connection;
  };
  afterEach(async () => {
    for (const connection of connections.splice(0)) connection.socket.destroy();
  });
  const start = async (server: object): Promise<Serving> =>
    stopLater(await startServing({ config: serverConfig(), plugins: serverPlugins(), env: serverEnv, server }));

  it('answers 408 and closes a connection that never finishes its headers (server.headersTimeoutMs)', async () => {
    const { url } = await start({ headersTimeoutMs: 200 });
    const connection = await rawConnection(url);
    connection.socket.write(`GET /healthz HTTP/1.1\r\nHost: ${new URL(url).host}\r\nX-Slow: `);
    const answer = await connection.closed;
    expect(answer).to.match(/^HTTP\/1\.1 408 /);
    expect(answer).to.include('x-frame-options: DENY');
  });

  it('answers 408 and closes a connection whose request body never ends (server.requestTimeoutMs)', async () => {
    const { url } = await start({ headersTimeoutMs: 200, requestTimeoutMs: 300 });
    const connection = await rawConnection(url);
    const head = `POST /api/connectors/good_users/run HTTP/1.1\r\nHost: ${new URL(url).host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`;
    connection.socket.write(`${head}{"waiting": `);
    expect(await connection.closed).to.match(/^HTTP\/1\.1 408 /);
  });

  it('closes a kept-alive connection that stays idle (server.keepAliveTimeoutMs)', async () => {
    const { url } = await start({ keepAliveTimeoutMs: 200 });
    const connection = await rawConnection(url);
    connection.socket.write(`GET /healthz HTTP/1.1\r\nHost: ${new URL(url).host}\r\nConnection: keep-alive\r\n\r\n`);
    const answer = await connection.closed;
    expect(answer).to.match(/^HTTP\/1\.1 200 /);
    expect(answer).to.include('{"status":"ok"}');
  });

  it('closes connections beyond server.maxConnections as they arrive', async () => {
    const { url } = await start({ maxConnections: 2 });
    const request = `GET /healthz HTTP/1.1\r\nHost: ${new URL(url).host}\r\nConnection: keep-alive\r\n\r\n`;
    const open = [await rawConnection(url), await rawConnection(url)];
    for (const connection of open) {
      connection.socket.write(request);
      await connection.receives('{"status":"ok"}'); // the server holds it
    }
    const third = await rawConnection(url);
    third.socket.write(request);
    expect(await third.closed).to.equal('');
    expect(open.map((c) => c.socket.destroyed)).to.deep.equal([false, false]);
  });

  it('has documented defaults, and refuses a headers timeout longer than the request timeout', () => {
    expect(serverLimits(undefined)).to.deep.equal(DEFAULT_SERVER_LIMITS);
    expect(documentedLimits()).to.deep.equal(DEFAULT_SERVER_LIMITS);
    expect(serverLimits({ listen: 1, allowedHosts: [], requestTimeoutMs: 4_000 })).to.include({
      headersTimeoutMs: 4_000,
      requestTimeoutMs: 4_000,
    });
    expect(
      serverProblems({ listen: 1, allowedHosts: [], headersTimeoutMs: 5_000, requestTimeoutMs: 4_000 }, new Map()),
    ).to.deep.equal([
      { path: 'server.headersTimeoutMs', message: 'must not be longer than server.requestTimeoutMs (4000)' },
    ]);
  });
});
