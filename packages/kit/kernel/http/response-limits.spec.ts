import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../core/index.js';
import { assertTyped, rejection } from '../../testing/conformance/typed-failure.js';
import { startLocalServer } from '../../testing/local-server.js';
import { createHttpClient } from './create-http-client.js';

const MiB = 1024 * 1024;

describe('createHttpClient: bounded answers', () => {
  it('reads at most 64 MiB of one answer by default', () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).to.equal(64 * MiB);
  });

  it('stops a gzip bomb once its decompressed size passes the limit, with a clear error (not a parse failure)', async () => {
    const bomb = gzipSync(Buffer.alloc(40 * MiB, 0x20)); // 40 KB on the wire
    const server = await startLocalServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(bomb),
    );
    try {
      const error = assertTyped(
        await rejection(
          createHttpClient().request({ url: `${server.url}/page`, maxResponseBytes: MiB }),
          'the request',
        ),
      );
      expect(error.code).to.equal('HTTP_RESPONSE_TOO_LARGE');
      expect(error.category).to.equal('fatal');
      expect(error.message).to.equal(
        `${server.url.slice(7)} answered with more than 1 MiB once decompressed, the most Tributary reads of one answer`,
      );
      expect(server.requests).to.have.length(1); // never retried
    } finally {
      await server.close();
    }
  });

  it('stops an answer too large as sent: announced by its length, streamed without one, or compressed', async () => {
    const big = Buffer.alloc(2 * MiB, 0x61);
    const noise = gzipSync(randomBytes(2 * MiB));
    const server = await startLocalServer((req, res) => {
      if (req.url === '/announced') return void res.writeHead(200, { 'content-length': String(big.length) }).end(big);
      if (req.url === '/gzip') return void res.writeHead(200, { 'content-encoding': 'gzip' }).end(noise);
      res.writeHead(200);
      res.write(big.subarray(0, MiB));
      res.end(big.subarray(MiB));
    });
    try {
      const client = createHttpClient();
      for (const path of ['/announced', '/streamed', '/gzip']) {
        const error = assertTyped(
          await rejection(client.request({ url: `${server.url}${path}`, maxResponseBytes: MiB }), 'the request'),
        );
        expect(error.code, path).to.equal('HTTP_RESPONSE_TOO_LARGE');
        expect(error.message, path).to.match(/more than 1 MiB (as sent|once decompressed)/);
      }
      expect((await client.request({ url: `${server.url}/streamed`, maxResponseBytes: 3 * MiB })).body).to.have.length(
        2 * MiB,
      );
    } finally {
      await server.close();
    }
  });

  it('decodes a body in the charset its content-type names (ISO-8859-1), UTF-8 otherwise', async () => {
    const latin1 = Buffer.from('{"name":"Zoë Ångström"}', 'latin1');
    const server = await startLocalServer((req, res) => {
      if (req.url === '/latin1')
        return void res.writeHead(200, { 'content-type': 'application/json; charset=ISO-8859-1' }).end(latin1);
      if (req.url === '/unknown')
        return void res.writeHead(200, { 'content-type': 'text/plain; charset=x-no-such' }).end('Zoë');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"Zoë"}');
    });
    try {
      const client = createHttpClient();
      expect(JSON.parse((await client.request({ url: `${server.url}/latin1` })).body)).to.deep.equal({
        name: 'Zoë Ångström',
      });
      expect((await client.request({ url: `${server.url}/utf8` })).body).to.equal('{"name":"Zoë"}');
      expect((await client.request({ url: `${server.url}/unknown` })).body).to.equal('Zoë');
    } finally {
      await server.close();
    }
  });
});
