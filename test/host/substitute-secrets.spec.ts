import { expect } from 'chai';
import { substituteSecrets } from 'tributary-kit/internal/kernel/config/substitute-secrets.js';
import { tempProject } from '../support/run-cli.js';

describe('secret substitution', () => {
  const dir = tempProject({ 'secrets/key.pem': '-----BEGIN KEY-----\nabc\n-----END KEY-----\n' });

  it('replaces ${ENV} and ${file:path} (relative to the config folder, final newline dropped) and records where', () => {
    const result = substituteSecrets(
      { credentials: [{ url: 'https://${HOST}/api/${VERSION}', secret: '${SECRET}', key: '${file:secrets/key.pem}' }] },
      { HOST: 'acme.example', VERSION: 'v2', SECRET: 's3cr3t' },
      dir,
    );
    expect(result.problems).to.deep.equal([]);
    expect(result.value).to.deep.equal({
      credentials: [
        { url: 'https://acme.example/api/v2', secret: 's3cr3t', key: '-----BEGIN KEY-----\nabc\n-----END KEY-----' },
      ],
    });
    expect(result.substitutions.map((s) => `${s.path}=${s.value.length}`)).to.deep.equal([
      'credentials[0].url=12',
      'credentials[0].url=2',
      'credentials[0].secret=6',
      'credentials[0].key=41',
    ]);
  });

  it('names every missing variable, unreadable file and malformed reference, with its path', () => {
    const result = substituteSecrets({ a: '${MISSING}', b: ['${file:nope.txt}'], c: '${not a name}' }, {}, dir);
    expect(result.problems).to.deep.equal([
      { path: 'a', message: 'the environment variable MISSING is not set (export MISSING=… before running)' },
      {
        path: 'b[0]',
        message: 'the file "nope.txt" named by ${file:nope.txt} does not exist (paths are relative to the config file)',
      },
      { path: 'c', message: '"${not a name}" is neither ${ENV_NAME} nor ${file:path}' },
    ]);
  });

  it('leaves unresolved references as they are when told to (read-only commands)', () => {
    const result = substituteSecrets({ a: '${MISSING}', b: 'plain' }, {}, dir, { allowMissing: true });
    expect(result.problems).to.deep.equal([]);
    expect(result.value).to.deep.equal({ a: '${MISSING}', b: 'plain' });
  });

  it('leaves numbers, booleans and strings without references untouched', () => {
    const raw = { n: 3, t: true, s: 'no refs $ here {}', nested: { list: [1, 'x'] } };
    expect(substituteSecrets(raw, {}, dir).value).to.deep.equal(raw);
  });
});
