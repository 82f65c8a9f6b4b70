import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS, type ConnectorConfig, type TributaryConfig } from 'tributary-kit';
import { connector } from './scheduler-harness.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Starts `serve` in a child process and reads its output line by line. */
function startServe(configPath: string, stateDir: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=tributary-source', '--import', 'tsx', join(HERE, 'serve-process.ts'), configPath, stateDir],
    {
      cwd: join(HERE, '..', '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines: string[] = [];
  const waiters: { match: RegExp; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const w of waiters.filter((x) => x.match.test(line))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  });
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  const lineMatching = (match: RegExp): Promise<string> => {
    const seen = lines.find((l) => match.test(l));
    return seen !== undefined ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ match, resolve }));
  };
  return { child, lines, exited, lineMatching };
}

describe('scheduler: serve in a real process', () => {
  let dir: string;
  const writeConfig = (connectors: ConnectorConfig[]): string => {
    const config: TributaryConfig = {
      plugins: [],
      state: { dir },
      limits: DEFAULT_LIMITS,
      maxConcurrentRuns: 2,
      credentials: [],
      sinks: [],
      connectors,
    };
    const path = join(dir, 'tributary.config.json');
    writeFileSync(path, JSON.stringify(config));
    return path;
  };
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tributary-serve-proc-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('picks up a changed config file, and on SIGTERM cancels the run in progress and exits 0', async () => {
    const path = writeConfig([connector('a')]);
    const serve = startServe(path, dir);
    await serve.lineMatching(/^info a: not scheduled: no schedule/);
    writeConfig([connector('a', { cron: '* * * * * *' })]); // every second
    await serve.lineMatching(/^info Config reloaded \(the file changed\)/);
    await serve.lineMatching(/^started a$/);
    serve.child.kill('SIGTERM');
    const [code] = await serve.exited;
    expect(code).to.equal(0);
    expect(serve.lines).to.include('aborted a: Cancelled by shutdown');
    expect(serve.lines).to.include('exit 0');
  });

  it('reloads on SIGHUP, and keeps running with the old schedule when the new config is broken', async () => {
    const path = writeConfig([connector('a', { cron: '0 0 1 1 *' })]);
    const serve = startServe(path, dir);
    await serve.lineMatching(/^info a: next run /);
    writeFileSync(path, '{ not json');
    serve.child.kill('SIGHUP');
    await serve.lineMatching(/^error Config reload failed, the current schedule stays in force/);
    serve.child.kill('SIGINT');
    const [code] = await serve.exited;
    expect(code).to.equal(0);
  });
});
