import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransientError } from 'tributary-kit';
import { createHttpClient } from 'tributary-kit/internal/kernel/http/create-http-client.js';
import { recordModeFromEnv, useRecordedHttp } from '../../testing.js';
import { startLocalServer } from '../../testing.js';

const http = createHttpClient({ retry: { limit: 0 } });

describe('tributary-host/testing: useRecordedHttp', () => {
  it('chooses record mode only when TRIBUTARY_RECORD=1', () => {
    expect(recordModeFromEnv({ TRIBUTARY_RECORD: '1' })).to.equal('record');
    expect(recordModeFromEnv({ TRIBUTARY_RECORD: 'true' })).to.equal('replay');
    expect(recordModeFromEnv({})).to.equal('replay');
  });

  it('records real answers scrubbed, then replays them with the network off', async () => {
    const fixture = join(mkdtempSync(join(tmpdir(), 'recorded-')), 'users.json');
    const server = await startLocalServer((req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'set-cookie': 'sid=1',
        link: `<${server.url}/users?page=2>; rel="next"`,
      });
      res.end(JSON.stringify({ page: req.url, api_key: 'key-987654', next: `${server.url}/users?page=2` }));
    });
    const recording = useRecordedHttp(fixture, { mode: 'record', origins: { [server.url]: 'https://people.example' } });
    try {
      await http.request({ url: `${server.url}/users?page=1`, headers: { authorization: 'Bearer live-token-1' } });
    } finally {
      recording.done();
      await server.close();
    }
    const saved = readFileSync(fixture, 'utf8');
    expect(saved).not.to.match(/key-987654|live-token-1|127\.0\.0\.1|sid=1/);

    const replay = useRecordedHttp(fixture, { mode: 'replay' });
    const answer = await http.request({ url: 'https://people.example/users?page=1' });
    expect(JSON.parse(answer.body)).to.deep.equal({
      page: '/users?page=1',
      api_key: 'REDACTED',
      next: 'https://people.example/users?page=2',
    });
    // URLs are rewritten wherever they appear, in the Link header too.
    expect(answer.headers['link']).to.equal('<https://people.example/users?page=2>; rel="next"');
    expect(replay.unused()).to.equal(0);
    replay.done();
    // Nothing recorded for page 2: with the network off the request fails instead of going out.
    const error = await http.request({ url: 'https://people.example/users?page=2' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(TransientError);
  });

  it('reports recorded answers that were never used', async () => {
    const fixture = join(mkdtempSync(join(tmpdir(), 'recorded-')), 'two.json');
    writeFileSync(
      fixture,
      JSON.stringify(
        [1, 2].map((n) => ({
          scope: 'https://api.example.test',
          method: 'GET',
          path: `/p${n}`,
          status: 200,
          response: { n },
        })),
      ),
    );
    const replay = useRecordedHttp(fixture);
    await http.request({ url: 'https://api.example.test/p1' });
    expect(replay.unused()).to.equal(1);
    expect(() => replay.done()).to.throw(/p2/);
    replay.discard();
  });

  it("uses the nock of the project the tests run in (the current folder) before the kit's own", () => {
    const project = mkdtempSync(join(tmpdir(), 'recorded-project-'));
    mkdirSync(join(project, 'node_modules/nock'), { recursive: true });
    writeFileSync(
      join(project, 'node_modules/nock/package.json'),
      JSON.stringify({ name: 'nock', version: '14.0.0', main: 'index.js' }),
    );
    writeFileSync(
      join(project, 'node_modules/nock/index.js'),
      'module.exports = { disableNetConnect() { globalThis.projectNockUsed = true; }, enableNetConnect() {}, define() { return []; } };\n',
    );
    writeFileSync(join(project, 'empty.json'), '[]');
    const cwd = process.cwd();
    process.chdir(project);
    try {
      useRecordedHttp(join(project, 'empty.json'), { mode: 'replay' });
    } finally {
      process.chdir(cwd);
    }
    expect((globalThis as { projectNockUsed?: boolean }).projectNockUsed).to.equal(true);
  });
});
