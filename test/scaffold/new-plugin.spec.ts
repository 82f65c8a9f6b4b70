import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../support/run-cli.js';
import {
  KIT,
  ensureBuilt,
  installTributary,
  npmInstall,
  packKit,
  packTributary,
  readmeYaml,
  run,
} from './generated-package.js';

interface FixtureApi {
  readonly url: string;
  readonly password: string;
  close(): Promise<void>;
}

/**
 * The generated package's fixture API (its compiled test/fixture-api.js), started in a child process:
 * this one resolves tributary-kit to the sources of this checkout's kit (the tributary-source
 * condition), which the installed tarball does not hold.
 */
async function fixtureApiOf(dir: string): Promise<FixtureApi> {
  const module = pathToFileURL(join(dir, 'build-test/test/fixture-api.js')).href;
  const script = `const { startFixtureApi, PASSWORD } = await import(${JSON.stringify(module)});
const api = await startFixtureApi();
console.log(JSON.stringify({ url: api.url, password: PASSWORD }));
process.stdin.on('end', () => void api.close()).resume();`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const { url, password } = JSON.parse(line) as { url: string; password: string };
  return {
    url,
    password,
    close: async () => {
      child.stdin!.end();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

describe('tributary new plugin: the generated connector package', function () {
  // npm installs, builds and the generated package's own test run: minutes on a busy machine.
  this.timeout(600_000);
  const root = mkdtempSync(join(tmpdir(), 'tributary-scaffold-'));
  const dir = join(root, 'acme-users');

  before(async () => {
    await ensureBuilt();
    const outcome = await runCli(['new', 'plugin', '@acme/users', '--kind', 'connector', '--dir', dir]);
    expect(outcome.code, outcome.stderr).to.equal(0);
  });

  it('writes a package that peers on the tributary-kit this host depends on, and imports nothing of the host', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    expect(manifest['name']).to.equal('@acme/users');
    expect(manifest['type']).to.equal('module');
    expect(manifest['peerDependencies']).to.deep.equal({ 'tributary-kit': `^${kitVersion()}` });
    expect(readFileSync(join(dir, 'src/connector.ts'), 'utf8')).to.contain("from 'tributary-kit'");
    expect(readFileSync(join(dir, 'test/conformance.spec.ts'), 'utf8'))
      .to.contain("from 'tributary-kit/testing'")
      .and.contain('expectedRows');
    for (const file of [
      'index.ts',
      'src/connector.ts',
      'test/conformance.spec.ts',
      'test/connector.spec.ts',
      'test/fixture-api.ts',
    ]) {
      expect(readFileSync(join(dir, file), 'utf8'), file).not.to.contain('tributary-host');
    }
    expect(readFileSync(join(dir, 'index.ts'), 'utf8'))
      .to.contain("id: 'acme/users'")
      .and.contain('definePlugin(');
    expect(manifest['scripts']).to.include({
      typecheck: 'tsc -p tsconfig.test.json',
      test: 'npm run typecheck && node --test --test-reporter=spec build-test/test/*.spec.js',
    });
    // Node's test runner: no test framework (nor tsx) among the tools to install.
    expect(Object.keys(manifest['devDependencies']!).sort()).to.deep.equal(['@types/node', 'typescript']);
  });

  it('writes a README whose config example is valid YAML naming the package, and that installs a tributary-kit tarball without saving it', () => {
    const example = readmeYaml(dir);
    expect(example['plugins']).to.deep.equal(['@acme/users']);
    expect(example['connectors']).to.have.length(1);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).to.not.contain('better-sqlite3');
    expect(readme)
      .to.contain('npm install --no-save /path/to/tributary-kit-<version>.tgz')
      .and.contain('npm pack --workspace tributary-kit')
      .and.contain('npm install tributary-host')
      .and.contain('npm i -D nock@14');
  });

  it('installs only the packed kit with npm, builds, passes its conformance suite; with the host installed beside it, runs from a config plugins: entry', async () => {
    const tarball = await installTributary(dir);
    expect(tarball).to.match(/tributary-kit-\d+\.\d+\.\d+\.tgz$/);
    // What a release installs: a copy of the kit (not a link to this checkout), and no rewritten peer dependency.
    const installed = join(dir, 'node_modules/tributary-kit');
    expect(lstatSync(installed).isSymbolicLink()).to.equal(false);
    expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'))).to.include({ name: 'tributary-kit' });
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    expect(manifest['peerDependencies']).to.deep.equal({ 'tributary-kit': `^${kitVersion()}` });
    // Only the kit, its dependencies and the tools: none of the host, and nothing native on any Node.js (on
    // Node 20, without node:sqlite, the test host's execution log is kept in memory).
    expect(Object.keys(manifest['devDependencies']!).sort()).to.deep.equal(['@types/node', 'typescript']);
    for (const absent of ['tributary-host', 'fastify', 'pg', 'pg-boss', 'pino', 'nock', 'better-sqlite3']) {
      expect(existsSync(join(dir, 'node_modules', absent)), absent).to.equal(false);
    }
    await run('npm', ['run', 'build'], { cwd: dir, timeout: 60_000 });
    // npm test: index.ts, src/ and test/ compiled (type-checked), then Node's test runner (the
    // conformance suite with its paging, row-limit, retry and re-authentication scenarios, and the connector spec).
    const { stdout } = await run('npm', ['test'], { cwd: dir, timeout: 120_000 });
    expect(stdout)
      .to.contain('tsc -p tsconfig.test.json')
      .and.match(/ℹ pass 20\b/);
    expect(stdout)
      .to.match(/ℹ fail 0\b/)
      .and.match(/ℹ skipped 0\b/);
    for (const title of [
      'reads every page exactly once',
      'delivers no row twice',
      'counts every request',
      'retries a 429 or 5xx',
      'authenticates again when the API refuses the session',
    ]) {
      expect(stdout).to.contain(title);
    }

    // Using it: the host installed beside it, with the kit in the same install (the host's kit
    // dependency is not on the registry before a release), so that both share one kit.
    await npmInstall(dir, [await packKit(), await packTributary()]);
    expect(lstatSync(join(dir, 'node_modules/tributary-host')).isSymbolicLink()).to.equal(false);
    expect(existsSync(join(dir, 'node_modules/tributary-host/node_modules/tributary-kit'))).to.equal(false);

    const api = await fixtureApiOf(dir);
    const PASSWORD = api.password;
    try {
      const project = join(root, 'project');
      await run('mkdir', ['-p', project]);
      writeFileSync(join(project, 'tributary.config.json'), JSON.stringify(projectConfig(api.url)));
      const bin = join(dir, 'node_modules/tributary-host/bin/tributary.js'); // the installed command, not this checkout's
      const cli = await run(
        process.execPath,
        [bin, 'run', 'acme_users', '--config', join(project, 'tributary.config.json')],
        {
          cwd: project,
          env: { ...process.env, ACME_PASSWORD: PASSWORD },
        },
      );
      expect(cli.stdout + cli.stderr).to.match(/23/);
      const logs = await run(
        process.execPath,
        [bin, 'logs', '--format', 'json', '--config', join(project, 'tributary.config.json')],
        {
          cwd: project,
          env: { ...process.env, ACME_PASSWORD: PASSWORD },
        },
      );
      const [entry] = JSON.parse(logs.stdout) as Array<Record<string, unknown>>;
      expect(entry).to.deep.include({
        status: 'success',
        'details.connector': 'Users',
        'details.number_of_imported_rows': 23,
      });
    } finally {
      await api.close();
    }
  });

  it('fails npm test on a type error in a test file, before any test runs', async () => {
    const broken = join(dir, 'test/broken.spec.ts');
    writeFileSync(
      broken,
      "import { it } from 'node:test';\nconst count: number = 'not a number';\nit('never runs', () => void count);\n",
    );
    try {
      const failure = await run('npm', ['test'], { cwd: dir, timeout: 60_000 }).then(
        () => undefined,
        (error: { stdout: string }) => error,
      );
      expect(failure, 'npm test passed').not.to.equal(undefined);
      expect(failure!.stdout).to.contain('test/broken.spec.ts').and.contain('TS2322').and.not.contain('ℹ pass');
    } finally {
      rmSync(broken);
    }
  });
});

/** The version of this checkout's kit (packages/kit/package.json). */
function kitVersion(): string {
  return (JSON.parse(readFileSync(join(KIT, 'package.json'), 'utf8')) as { version: string }).version;
}

function projectConfig(url: string) {
  return {
    plugins: ['../acme-users'],
    state: { dir: './state' },
    credentials: [
      { id: 'acme', name: 'Acme API', type: 'basic', url, username: 'tester', password: '${ACME_PASSWORD}' },
    ],
    sinks: [{ id: 'out', type: 'sqlite' }],
    connectors: [
      {
        nqlId: 'acme_users',
        name: 'Acme users',
        connector: 'users',
        credentials: 'acme',
        sink: 'out',
        parameters: { path: 'users', pageSize: 10 },
        mapping: { identification: 'email', fields: [{ source: 'department', target: 'department' }] },
      },
    ],
  };
}
