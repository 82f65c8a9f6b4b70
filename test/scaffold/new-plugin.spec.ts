import { expect } from 'chai';
import { lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../support/run-cli.js';
import { REPO, ensureBuilt, installTributary, readmeYaml, run } from './generated-package.js';

interface FixtureApi {
  readonly url: string;
  close(): Promise<void>;
}

describe('tributary new plugin: the generated connector package', function () {
  // The install builds better-sqlite3 from source when no prebuilt binary can be downloaded: minutes on a busy machine.
  this.timeout(600_000);
  const root = mkdtempSync(join(tmpdir(), 'tributary-scaffold-'));
  const dir = join(root, 'acme-users');

  before(async () => {
    await ensureBuilt();
    const outcome = await runCli(['new', 'plugin', '@acme/users', '--kind', 'connector', '--dir', dir]);
    expect(outcome.code, outcome.stderr).to.equal(0);
  });

  it('writes a package that peers on this tributary-host', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    const own = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect(manifest['name']).to.equal('@acme/users');
    expect(manifest['type']).to.equal('module');
    expect(manifest['peerDependencies']).to.deep.equal({ 'tributary-host': `^${own.version}` });
    expect(readFileSync(join(dir, 'src/connector.ts'), 'utf8')).to.contain("from 'tributary-host/core'");
    expect(readFileSync(join(dir, 'test/conformance.spec.ts'), 'utf8'))
      .to.contain("from 'tributary-host/testing'")
      .and.contain('expectedRows');
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

  it('writes a README whose config example is valid YAML naming the package, and that installs a tributary-host tarball without saving it', () => {
    const example = readmeYaml(dir);
    expect(example['plugins']).to.deep.equal(['@acme/users']);
    expect(example['connectors']).to.have.length(1);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme)
      .to.contain('npm install --no-save /path/to/tributary-host-<version>.tgz')
      .and.contain('npm pack')
      .and.contain('npm i -D nock@14');
  });

  it('installs the packed tarball of this package with npm, builds, passes its conformance suite, and runs from a config plugins: entry', async () => {
    const tarball = await installTributary(dir);
    expect(tarball).to.match(/tributary-host-\d+\.\d+\.\d+\.tgz$/);
    // What a release installs: a copy of the package (not a link to this checkout), its command, and no rewritten peer dependency.
    const installed = join(dir, 'node_modules/tributary-host');
    expect(lstatSync(installed).isSymbolicLink()).to.equal(false);
    expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'))).to.include({ name: 'tributary-host' });
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).peerDependencies).to.deep.equal({
      'tributary-host': `^${(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version}`,
    });
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

    const { startFixtureApi, PASSWORD } = (await import(pathToFileURL(join(dir, 'test/fixture-api.ts')).href)) as {
      startFixtureApi: () => Promise<FixtureApi>;
      PASSWORD: string;
    };
    const api = await startFixtureApi();
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
