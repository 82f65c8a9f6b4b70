import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logStoreExists } from 'tributary-kit/internal/plugins/execution-log/store/log-store.js';
import { runCli } from '../support/run-cli.js';
import { HELD_BATCH_ROWS } from './serve-command-child.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHILD = join(HERE, 'serve-command-child.ts');
const children = new Set<ChildProcess>();

/** `tributary <argv>` in a child process; `output(match)` resolves once its stdout or stderr matches. */
function tributary(argv: readonly string[]) {
  const child = spawn(process.execPath, ['--conditions=tributary-source', '--import', 'tsx', CHILD, ...argv], {
    cwd: join(HERE, '..', '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const text = { stdout: '', stderr: '' };
  const checks = new Set<() => void>();
  for (const name of ['stdout', 'stderr'] as const) {
    child[name].setEncoding('utf8').on('data', (chunk: string) => {
      text[name] += chunk;
      for (const check of [...checks]) check();
    });
  }
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const output = (match: RegExp): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (!match.test(text.stdout + text.stderr)) return;
        checks.delete(check);
        resolve();
      };
      checks.add(check);
      check();
      void exited.then(
        () => checks.has(check) && reject(new Error(`exited before printing ${match}:\n${text.stdout}${text.stderr}`)),
      );
    });
  return { child, text, exited, output };
}

const mapping = { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] };
const heldUsers = {
  nqlId: 'held_users',
  name: 'Held users',
  connector: 'held-source',
  sink: 'store',
  schedule: { cron: '* * * * * *' },
  mapping,
};

describe('scheduler: the `tributary serve` command in a real process', function () {
  this.timeout(30_000);
  let dir: string;
  let stateDir: string;
  const writeConfig = (connectors: readonly object[]): string => {
    const path = join(dir, 'tributary.config.json');
    const config = { plugins: [CHILD], state: { dir: stateDir }, sinks: [{ id: 'store', type: 'sqlite' }], connectors };
    writeFileSync(path, JSON.stringify(config, null, 2));
    return path;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tributary-serve-cmd-'));
    stateDir = join(dir, 'state');
  });
  afterEach(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); // a failed test's server
    children.clear();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 2 on a broken config, naming the problem, with nothing scheduled and no run', async () => {
    const path = writeConfig([heldUsers, { ...heldUsers, nqlId: 'bad_schedule', schedule: { cron: 'now and then' } }]);
    const serve = tributary(['serve', '--config', path]);
    const [code] = await serve.exited;
    expect(code).to.equal(2);
    expect(serve.text.stderr).to.match(/connectors\[1\]\.schedule: .*now and then/);
    expect(serve.text.stderr).not.to.match(/next run|Serving|run started/);
    expect(serve.text.stdout).to.equal('');
    expect(logStoreExists(stateDir)).to.equal(false);
    expect(existsSync(join(stateDir, 'locks'))).to.equal(false);
  });

  it('listens when server.listen is set, and stamps every log line with the time (text) or writes JSON lines (--log-format json)', async () => {
    const path = join(dir, 'tributary.config.json');
    writeFileSync(
      path,
      JSON.stringify({
        plugins: [CHILD],
        state: { dir: stateDir },
        sinks: [{ id: 'store', type: 'sqlite' }],
        connectors: [heldUsers],
        server: { listen: '127.0.0.1:0' },
      }),
    );
    for (const format of ['text', 'json'] as const) {
      const serve = tributary(['serve', '--config', path, '--log-format', format]);
      await serve.output(/HTTP server listening on http:\/\/127\.0\.0\.1:\d+/);
      const url = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(serve.text.stderr)![1]!;
      expect(await (await fetch(`${url}/healthz`)).json()).to.deep.equal({ status: 'ok' });
      await serve.output(/^held held_users$/m);
      serve.child.kill('SIGTERM');
      const [code] = await serve.exited;
      expect(code).to.equal(0);
      const lines = serve.text.stderr.trimEnd().split('\n');
      expect(lines.length).to.be.at.least(5);
      if (format === 'text') {
        for (const line of lines) expect(line).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (warn: |error: )?\S/);
      } else {
        for (const line of lines) {
          const entry = JSON.parse(line) as Record<string, unknown>;
          expect(Object.keys(entry)).to.deep.equal(['level', 'time', 'msg']);
          expect(entry['time']).to.match(/^\d{4}-\d\d-\d\dT.*Z$/);
        }
        expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).to.include('held_users: run started');
      }
    }
  });

  it('on SIGTERM cancels the run in progress, logs it as failure "Cancelled by shutdown", aborts the sink, exits 0', async () => {
    const path = writeConfig([heldUsers]);
    const serve = tributary(['serve', '--config', path]);
    await serve.output(/^held held_users$/m); // a batch is in the sink, the source holds
    serve.child.kill('SIGTERM');
    const [code, signal] = await serve.exited;
    expect([code, signal]).to.deep.equal([0, null]);
    expect(serve.text.stderr).to.match(/SIGTERM received: stopping, cancelling held_users/);

    const logs = await runCli(['logs', '--config', path, '--format', 'json']);
    expect(logs.code, logs.stderr).to.equal(0);
    const entries = JSON.parse(logs.stdout) as Array<Record<string, unknown>>;
    expect(
      entries.map((e) => [
        e['details.nql_id'],
        e['status'],
        e['details.number_of_processed_rows'],
        e['details.number_of_imported_rows'],
      ]),
    ).to.deep.equal([['held_users', 'failure', HELD_BATCH_ROWS, 0]]);
    expect(entries[0]!['details.description']).to.include('Cancelled by shutdown');

    const users = await runCli(['users', '--config', path, '--format', 'json']);
    expect(users.code, users.stderr).to.equal(0);
    expect(JSON.parse(users.stdout)).to.deep.equal([]);
  });
});
