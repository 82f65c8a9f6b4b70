import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { FileRunLock } from '../../host/serve/scheduler/index.js';
import { RecordingLogger } from './scheduler-harness.js';

const HOLDER = join(dirname(fileURLToPath(import.meta.url)), 'lock-holder.ts');
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Report {
  readonly pid: number;
  readonly acquired: boolean;
  readonly warnings: string[];
  readonly holder: { pid: number } | null;
}

/** Starts a real process that tries the lock; resolves with its report and the process. */
async function holder(
  stateDir: string,
  nqlId: string,
): Promise<{ child: ChildProcess; report: Report; lines: AsyncIterator<string> }> {
  const child = spawn(process.execPath, ['--conditions=tributary-source', '--import', 'tsx', HOLDER, stateDir, nqlId], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error('lock-holder ended without a report');
  return { child, report: JSON.parse(first.value) as Report, lines };
}

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', '']);
  return result.pid;
}

describe('scheduler: run lock', () => {
  let stateDir: string;
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'tributary-lock-'));
  });
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  const lockFile = (nqlId: string): string => join(stateDir, 'locks', `${nqlId}.lock`);
  const writeLock = (nqlId: string, content: string): void => {
    mkdirSync(join(stateDir, 'locks'), { recursive: true });
    writeFileSync(lockFile(nqlId), content);
  };

  it("two real processes on one state dir: one gets the lock, the other does not; a crashed holder's lock is taken over", async () => {
    const [a, b] = await Promise.all([holder(stateDir, 'sf_users'), holder(stateDir, 'sf_users')]);
    const winners = [a, b].filter((p) => p.report.acquired);
    const loser = [a, b].find((p) => !p.report.acquired);
    expect(winners).to.have.length(1);
    const winner = winners[0]!;
    expect(loser!.report.holder?.pid).to.equal(winner.report.pid);
    expect(JSON.parse(readFileSync(lockFile('sf_users'), 'utf8'))).to.include({
      pid: winner.report.pid,
      host: hostname(),
    });
    const loserExit = once(loser!.child, 'exit');
    await loserExit;

    // the holder crashes: its lock file stays behind, naming a dead pid
    const crashed = once(winner.child, 'exit');
    winner.child.kill('SIGKILL');
    await crashed;
    expect(existsSync(lockFile('sf_users'))).to.equal(true);

    const c = await holder(stateDir, 'sf_users');
    expect(c.report.acquired).to.equal(true);
    expect(c.report.warnings.join('\n')).to.include(
      `Took over the stale run lock of sf_users left by pid ${winner.report.pid}`,
    );
    c.child.stdin!.write('release\n');
    expect((await c.lines.next()).value).to.equal('released');
    await once(c.child, 'exit');
    expect(existsSync(lockFile('sf_users'))).to.equal(false);
  });

  it('guards each connector separately and releases on demand', () => {
    const lock = new FileRunLock(stateDir);
    const releaseA = lock.acquire('a');
    expect(releaseA).to.be.a('function');
    expect(lock.acquire('a')).to.equal(undefined);
    const releaseB = lock.acquire('b');
    expect(releaseB).to.be.a('function');
    expect(lock.holder('a')).to.include({ pid: process.pid, host: hostname() });
    releaseA!();
    expect(lock.holder('a')).to.equal(undefined);
    expect(lock.holder('b')).to.not.equal(undefined);
    const again = lock.acquire('a');
    expect(again).to.be.a('function');
    again!();
    releaseB!();
  });

  it('takes over a stale lock left by a dead pid on this host, and says so', () => {
    const pid = deadPid();
    writeLock('a', JSON.stringify({ pid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    const logger = new RecordingLogger();
    const release = new FileRunLock(stateDir, { logger }).acquire('a');
    expect(release).to.be.a('function');
    expect(logger.at('warn')).to.deep.equal([
      `Took over the stale run lock of a left by pid ${pid} on ${hostname()} (since 2026-01-01T00:00:00.000Z)`,
    ]);
    expect(JSON.parse(readFileSync(lockFile('a'), 'utf8'))).to.include({ pid: process.pid });
    release!();
  });

  it('never takes over a lock held by a live process, or one from another host', () => {
    const lock = new FileRunLock(stateDir);
    writeLock('live', JSON.stringify({ pid: process.ppid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    writeLock(
      'remote',
      JSON.stringify({ pid: deadPid(), host: `${hostname()}-elsewhere`, startedAt: '2026-01-01T00:00:00.000Z' }),
    );
    expect(lock.acquire('live')).to.equal(undefined);
    expect(lock.acquire('remote')).to.equal(undefined);
  });

  it('treats an unreadable lock file as held while young (being written) and as stale once old', () => {
    writeLock('a', '');
    const lock = new FileRunLock(stateDir, { unreadableGraceMs: 60_000 });
    expect(lock.acquire('a')).to.equal(undefined);
    const old = new Date(Date.now() - 120_000);
    utimesSync(lockFile('a'), old, old);
    const release = lock.acquire('a');
    expect(release).to.be.a('function');
    release!();
  });

  it('a release does not remove a lock that was since taken over by another process', () => {
    const lock = new FileRunLock(stateDir);
    const release = lock.acquire('a')!;
    const other = JSON.stringify({ pid: process.ppid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' });
    writeFileSync(lockFile('a'), other);
    release();
    expect(readFileSync(lockFile('a'), 'utf8')).to.equal(other);
  });
});
