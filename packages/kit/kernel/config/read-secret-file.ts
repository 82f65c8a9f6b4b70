import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** The most a `${file:…}` reference reads: a PEM key is a few KB, a certificate chain a few dozen. */
export const MAX_SECRET_FILE_BYTES = 1024 * 1024;

/** A file that must not be read as a secret; the message says why. */
export class SecretFileError extends Error {}

/**
 * The content of a `${file:…}` file, as UTF-8. Only a regular file of at most
 * {@link MAX_SECRET_FILE_BYTES} is read: a FIFO would block for ever and `/dev/zero` never ends. The file
 * is opened without blocking and checked on the open descriptor, so nothing swapped in between is read.
 */
export function readSecretFile(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new SecretFileError('is a folder, not a file');
    if (!stat.isFile())
      throw new SecretFileError('is not a regular file (a FIFO, a socket or a device cannot hold a secret)');
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_SECRET_FILE_BYTES) + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      read = readSync(fd, buffer, length, buffer.length - length, null);
    }
    if (length > MAX_SECRET_FILE_BYTES)
      throw new SecretFileError(
        `is larger than ${MAX_SECRET_FILE_BYTES / 1024 / 1024} MiB, the most a secret file may hold`,
      );
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}
