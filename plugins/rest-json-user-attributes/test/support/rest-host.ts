import type { IncomingMessage, ServerResponse } from 'node:http';
import restJsonPlugin from '../../index.js';
import {
  recordingSink,
  startLocalServer,
  startTestHost,
  testPlugin,
  type LocalServer,
  type TestHost,
} from '../../../../testing.js';

export type Handler = (req: IncomingMessage & { body: string }, res: ServerResponse, index: number) => void;

export interface RestWorld {
  readonly th: TestHost;
  readonly server: LocalServer;
  readonly sink: ReturnType<typeof recordingSink>;
  close(): Promise<void>;
}

export const PASSWORD = 'rest-password-123';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** A local server answering with `handle`, and a test host whose `rest_users` connector reads it. */
export async function restWorld(
  handle: Handler,
  parameters: Record<string, unknown>,
  credentials: 'basic' | 'none' = 'basic',
): Promise<RestWorld> {
  const server = await startLocalServer(handle);
  const sink = recordingSink();
  const credential = {
    id: 'api',
    name: 'API',
    type: 'basic',
    url: server.url,
    username: 'svc',
    password: '${REST_PASSWORD}',
  };
  const th = await startTestHost({
    plugins: [restJsonPlugin, testPlugin({ id: 'sink', sinkTypes: [sink] })],
    env: { REST_PASSWORD: PASSWORD },
    config: {
      credentials: credentials === 'basic' ? [credential] : [],
      sinks: [{ id: 'out', type: 'recording' }],
      connectors: [
        {
          nqlId: 'rest_users',
          name: 'REST users',
          connector: 'rest-json-user-attributes',
          ...(credentials === 'basic' ? { credentials: 'api' } : {}),
          sink: 'out',
          parameters:
            typeof parameters['url'] === 'string' ? parameters : { ...parameters, url: `${server.url}/users` },
          mapping: { identification: 'name', fields: [{ source: 'name', target: 'login' }] },
        },
      ],
    },
  });
  return { th, server, sink, close: async () => (await th.close(), await server.close()) };
}
