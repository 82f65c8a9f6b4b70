import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP proxy in front of the test PostgreSQL: the database as seen through a network that can fail. */
export interface DatabaseProxy {
  /** The database's URL through the proxy. */
  readonly url: string;
  /** An outage: every connection through the proxy is cut and new ones are refused (its port is closed). */
  cut(): Promise<void>;
  /** The database is back: the proxy accepts connections again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a proxy to `databaseUrl` on a free loopback port; `{ open: false }` starts it cut (the URL
 * points at a closed port until `restore()`).
 */
export async function startDatabaseProxy(databaseUrl: string, { open = true } = {}): Promise<DatabaseProxy> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = async (port: number): Promise<number> => {
    const next = createServer((client) => {
      const upstream = connect(Number(target.port), target.hostname);
      for (const [from, to] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        sockets.add(from);
        from.on('error', () => to.destroy());
        from.on('close', () => {
          sockets.delete(from);
          to.destroy();
        });
        from.pipe(to);
      }
    });
    next.listen(port, '127.0.0.1');
    await once(next, 'listening');
    server = next;
    return (next.address() as { port: number }).port;
  };
  const cut = async (): Promise<void> => {
    const closing = server;
    server = undefined;
    if (!closing) return;
    const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  const port = await listen(0);
  if (!open) await cut();
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    cut,
    async restore() {
      if (!server) await listen(port);
    },
    close: cut,
  };
}
