import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalServer {
  readonly url: string;
  readonly requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;
  close(): Promise<void>;
}

export interface LocalServerOptions {
  /**
   * The loopback address to listen on. Default `127.0.0.1`; another one (`127.0.0.2`) is another
   * origin on the same machine, for tests of what must never reach another server.
   */
  readonly host?: string;
}

/**
 * An HTTP server on 127.0.0.1 (a random port) for tests: `handle` answers each request once its body
 * was read; `requests` keeps every request in order, `url` is the server's origin.
 */
export async function startLocalServer(
  handle: (req: IncomingMessage & { body: string }, res: ServerResponse, index: number) => void,
  options: LocalServerOptions = {},
): Promise<LocalServer> {
  const host = options.host ?? '127.0.0.1';
  const requests: LocalServer['requests'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body });
      handle(Object.assign(req, { body }), res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
