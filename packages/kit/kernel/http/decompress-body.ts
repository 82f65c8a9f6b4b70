import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, inflateRaw, type ZlibOptions } from 'node:zlib';

const DECODERS: Readonly<Record<string, (buffer: Buffer, options: ZlibOptions) => Promise<Buffer>>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  br: promisify(brotliDecompress),
  deflate: async (buffer, options) => {
    // `deflate` is zlib-wrapped by the standard, raw by some servers.
    try {
      return await promisify(inflate)(buffer, options);
    } catch {
      return promisify(inflateRaw)(buffer, options);
    }
  },
};

/** What the client asks servers for: the encodings {@link decompressBody} reads. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/** Thrown when a body decompresses to more than the limit. */
export class DecompressedTooLarge extends Error {}

/**
 * A body with its `content-encoding` undone, off the main thread, never past `maxBytes` once
 * decompressed (a gzip bomb stops there). A body in an encoding the client did not ask for is returned
 * as it came.
 */
export async function decompressBody(body: Buffer, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const decode = encoding === undefined ? undefined : DECODERS[encoding.trim().toLowerCase()];
  if (decode === undefined || body.length === 0) return body;
  try {
    return await decode(body, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new DecompressedTooLarge();
    throw error;
  }
}
