import { connect, type Socket } from 'node:net';

export interface RawConnection {
  readonly socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves once `text` has arrived. */
  receives(text: string): Promise<void>;
  /** Resolves with everything the server sent, once it closed the connection. */
  readonly closed: Promise<string>;
}

/** A TCP connection to the server at `url`, for requests a client library would not send (unfinished headers, a body that never ends). */
export function rawConnection(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let data = '';
    const waiting: Array<{ text: string; resolve: () => void }> = [];
    const socket = connect({ host: hostname, port: Number(port) });
    const closed = new Promise<string>((resolveClosed) => socket.once('close', () => resolveClosed(data)));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
      for (const w of waiting.filter((w) => data.includes(w.text))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve();
      }
    });
    socket.on('error', () => undefined); // a reset is a close too
    socket.once('connect', () =>
      resolve({
        socket,
        received: () => data,
        receives: (text) =>
          data.includes(text) ? Promise.resolve() : new Promise((r) => waiting.push({ text, resolve: r })),
        closed,
      }),
    );
    socket.once('error', reject);
  });
}
