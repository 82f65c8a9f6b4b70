import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { MAX_SECRET_FILE_BYTES } from 'tributary-kit/internal/kernel/config/read-secret-file.js';
import { secretsOf } from 'tributary-kit/internal/kernel/config/secrets-of.js';
import { substituteSecrets } from 'tributary-kit/internal/kernel/config/substitute-secrets.js';
import { tempProject } from '../support/run-cli.js';

describe('secret substitution: bounded files, URLs', () => {
  const dir = tempProject({ 'ok.key': 'k'.repeat(100_000) + '\n' });

  it('reads a secret file of 100 KB (the red team crashed every command with one of 64 KB)', () => {
    const result = substituteSecrets({ key: '${file:ok.key}' }, {}, dir);
    expect(result.problems).to.deep.equal([]);
    expect((result.value as { key: string }).key).to.have.length(100_000);
  });

  it('refuses a file over 1 MiB, /dev/zero, a FIFO and a folder, each at once and with its reason', function () {
    if (process.platform === 'win32') this.skip();
    writeFileSync(join(dir, 'big.key'), Buffer.alloc(MAX_SECRET_FILE_BYTES + 1, 0x61));
    execFileSync('mkfifo', [join(dir, 'pipe.key')]); // nobody writes to it: reading it would block for ever
    symlinkSync('/dev/zero', join(dir, 'zero.key'));
    const result = substituteSecrets(
      { a: '${file:big.key}', b: '${file:zero.key}', c: '${file:pipe.key}', d: '${file:.}' },
      {},
      dir,
    );
    expect(result.problems).to.deep.equal([
      {
        path: 'a',
        message:
          'the file "big.key" named by ${file:big.key} is larger than 1 MiB, the most a secret file may hold (paths are relative to the config file)',
      },
      {
        path: 'b',
        message:
          'the file "zero.key" named by ${file:zero.key} is not a regular file (a FIFO, a socket or a device cannot hold a secret) (paths are relative to the config file)',
      },
      {
        path: 'c',
        message:
          'the file "pipe.key" named by ${file:pipe.key} is not a regular file (a FIFO, a socket or a device cannot hold a secret) (paths are relative to the config file)',
      },
      {
        path: 'd',
        message: 'the file "." named by ${file:.} is a folder, not a file (paths are relative to the config file)',
      },
    ]);
    expect(result.substitutions).to.deep.equal([]);
  });

  it('refuses a URL whose password is written in the file, not one whose password is substituted', () => {
    const result = substituteSecrets(
      {
        credentials: [{ url: 'https://admin:pw@acme.example', tokenUrl: 'https://acme.example/a:b@c' }],
        sinks: [{ url: 'postgres://app:${PGPASSWORD}@db/tributary', other: 'https://user@acme.example' }],
      },
      { PGPASSWORD: 'pg-secret' },
      dir,
    );
    expect(result.problems).to.deep.equal([
      {
        path: 'credentials[0].url',
        message:
          'is a URL with a password written in the file (user:password@): put the password in a credential, or in ${ENV_NAME}',
      },
    ]);
  });

  it('redacts of a substituted URL only its userinfo and the query values that came from the substitution', () => {
    const env = {
      SF_URL: 'https://acme.my.salesforce.com',
      DB_URL: 'postgres://app:db-password@db:5432/t?sslpassword=ssl-secret&mode=x',
      HOST: 'api.acme.example',
      KEY: 'query-key-123',
      ID: 'client-id-1',
    };
    const result = substituteSecrets(
      {
        credentials: [{ url: '${SF_URL}', tokenUrl: 'https://${HOST}/token?key=${KEY}&v=2', clientId: '${ID}' }],
        sinks: [{ url: '${DB_URL}' }],
      },
      env,
      dir,
    );
    expect(result.substitutions.map((s) => [s.path, secretsOf(s)])).to.deep.equal([
      ['credentials[0].url', []],
      ['credentials[0].tokenUrl', []],
      ['credentials[0].tokenUrl', ['query-key-123']],
      ['credentials[0].clientId', ['client-id-1']],
      ['sinks[0].url', ['db-password', 'ssl-secret']],
    ]);
  });
});
