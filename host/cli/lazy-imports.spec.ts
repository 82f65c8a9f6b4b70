import { expect } from 'chai';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tempProject } from '../../test/support/run-cli.js';
import { modulesLoadedBy } from '../../test/testing-kit/support/kit-modules.js';
import { restJsonlConfig } from '../../test/support/rest-jsonl-config.js';
import { BUILTIN_COMMANDS } from './builtin-commands.js';
import { BUILTIN_PLUGINS } from '../builtins/builtin-plugins.js';
import { builtinsNamedBy } from 'tributary-kit/internal/kernel/plugins/builtins-named-by.js';
import { createHost } from '../builtins/create-host.js';
import { CliCommands, ConnectorTemplates, CredentialTypes, SinkTypes, silentLogger } from 'tributary-kit';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = pathToFileURL(join(ROOT, 'host/cli/main.ts')).href;

/**
 * Runs `tributary …argv` (the TypeScript sources, under tsx) in a child process in `cwd`: the URLs of
 * every module it loaded, ES modules and CommonJS ones alike.
 */
function cliModulesLoadedBy(
  argv: readonly string[],
  cwd: string,
): { code: number | null; modules: readonly string[]; stderr: string } {
  const script = `process.env.TRIBUTARY_TEST_SECRET = 'secret-value'; const { main } = await import(${JSON.stringify(MAIN)}); process.exitCode = await main(${JSON.stringify(argv)});`;
  return modulesLoadedBy(script, cwd);
}

const HEAVY_LIBRARIES = [
  'fastify',
  'pg',
  'pg-boss',
  'nodemailer',
  'prom-client',
  'better-sqlite3',
  'pino',
  'jsonata',
  'inversify',
  'reflect-metadata',
];
const packagesOf = (modules: readonly string[]): Set<string> =>
  new Set(modules.map((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]).filter((p) => p !== undefined));
const repoModules = (modules: readonly string[]): string[] =>
  modules
    .filter((url) => url.startsWith(pathToFileURL(ROOT).href))
    .map((url) => url.slice(pathToFileURL(ROOT).href.length));
/** The plugins (by folder) whose modules were loaded. */
const pluginsOf = (modules: readonly string[]): string[] => [
  ...new Set(repoModules(modules).flatMap((m) => /^(?:packages\/kit\/)?plugins\/([^/]+)\//.exec(m)?.[1] ?? [])),
];

/** A config whose connector, credential and sink are the REST JSON template, a bearer token and JSON Lines. */
const REST_JSONL_CONFIG = restJsonlConfig({
  url: 'https://example.invalid/users',
  identification: 'upn',
  bearer: true,
});

describe('the CLI imports only what a command uses', function () {
  this.timeout(60_000);

  it('--help imports no plugin implementation, no host kernel, no server and no heavy library', () => {
    const cwd = tempProject({ 'tributary.config.yaml': 'state: { dir: ./state }\n' });
    const { code, modules, stderr } = cliModulesLoadedBy(['--help'], cwd);
    expect(code, stderr).to.equal(0);
    const ours = repoModules(modules);
    expect(ours, 'the recorder saw the CLI load').to.include('host/cli/main.ts');
    expect(ours.filter((m) => /^(packages\/kit\/)?plugins\//.test(m))).to.have.members([
      'packages/kit/plugins/execution-log/commands.ts',
      'plugins/sink-sqlite/commands.ts',
    ]);
    expect(
      ours.filter((m) =>
        /^(host\/serve|packages\/kit\/kernel\/(create-host|run|mapping|logging|plugins\/load-plugins))/.test(m),
      ),
    ).to.deep.equal([]);
    expect(ours.filter((m) => m.startsWith('host/cli/commands/'))).to.deep.equal([]);
    const packages = packagesOf(modules);
    for (const library of HEAVY_LIBRARIES) expect(packages.has(library), library).to.equal(false);
  });

  it('validate imports neither the server (fastify), PostgreSQL, mail, metrics nor the console, nor a built-in the config does not name', () => {
    const cwd = tempProject({ 'tributary.config.yaml': REST_JSONL_CONFIG });
    const { code, modules, stderr } = cliModulesLoadedBy(['validate'], cwd);
    expect(code, stderr).to.equal(0);
    const packages = packagesOf(modules);
    for (const library of ['fastify', 'pg', 'pg-boss', 'nodemailer', 'prom-client'])
      expect(packages.has(library), library).to.equal(false);
    const ours = repoModules(modules);
    expect(ours).to.include('packages/kit/kernel/create-host.ts');
    expect(ours.filter((m) => /^(host\/serve\/|plugins\/(console|metrics|postgres)\/)/.test(m))).to.deep.equal([]);
    expect(pluginsOf(modules)).to.have.members([
      'credentials',
      'rest-json-user-attributes',
      'execution-log',
      'sink-jsonl',
    ]);
  });

  it('a plugin command loads its own plugin and the built-ins the config names', () => {
    const cwd = tempProject({ 'tributary.config.yaml': REST_JSONL_CONFIG });
    const { code, modules, stderr } = cliModulesLoadedBy(['logs'], cwd);
    expect(code, stderr).to.equal(0);
    expect(pluginsOf(modules)).to.have.members([
      'credentials',
      'rest-json-user-attributes',
      'execution-log',
      'sink-jsonl',
      // Its commands' declarations only, which tell which plugin `logs` belongs to.
      'sink-sqlite',
    ]);
    expect(repoModules(modules).filter((m) => m.startsWith('plugins/sink-sqlite/'))).to.deep.equal([
      'plugins/sink-sqlite/commands.ts',
    ]);
  });
});

describe('which built-ins a config needs', () => {
  const needs = (config: unknown, also?: readonly string[]) =>
    builtinsNamedBy(BUILTIN_PLUGINS, config, also)?.map((entry) => entry.id);

  it('the execution log, and those contributing what the config names, in load order', () => {
    expect(
      needs({
        sinks: [{ id: 'a', type: 'nexthink-enrichment' }],
        credentials: [{ id: 'c', type: 'basic' }],
        connectors: [{ connector: 'salesforce-user-attributes' }],
      }),
    ).to.deep.equal(['credentials', 'salesforce-user-attributes', 'execution-log', 'sink-nexthink-enrichment']);
  });

  it("the default sink's plugin without sinks, and a command's own plugin", () => {
    expect(needs({})).to.deep.equal(['execution-log', 'sink-sqlite']);
    expect(needs({ sinks: [{ type: 'jsonl' }] }, ['sink-sqlite'])).to.deep.equal([
      'execution-log',
      'sink-sqlite',
      'sink-jsonl',
    ]);
  });

  it('every built-in when the names do not tell: plugins:, cluster:, a name no built-in contributes, an entry without one', () => {
    for (const config of [
      { plugins: ['./my-plugin.js'] },
      { cluster: { connectionString: 'postgres://x' } },
      { sinks: [{ type: 'sqlit' }] },
      { connectors: [{ connector: 'rest-json' }] },
      { credentials: [{ id: 'c' }] },
      { sinks: 'sqlite' },
      'not an object',
      null,
    ])
      expect(needs(config), JSON.stringify(config)).to.equal(undefined);
  });
});

describe('what --help lists matches what the commands are', () => {
  it('each built-in entry has the name, summary and visibility of the command it loads', async () => {
    for (const entry of BUILTIN_COMMANDS) {
      const command = await entry.load();
      expect({ name: command.name, summary: command.summary, hidden: command.hidden ?? false }).to.deep.equal({
        name: entry.name,
        summary: entry.summary,
        hidden: entry.hidden ?? false,
      });
    }
  });

  it('each built-in plugin declares exactly the commands it contributes, in commands.ts', async () => {
    const host = await createHost({ config: {}, stateDir: ':memory:', logger: silentLogger });
    try {
      for (const { id, commandsUrl } of BUILTIN_PLUGINS.filter((entry) => entry.belongsTo !== 'cluster')) {
        const contributed =
          host.registry.plugins.find((p) => p.plugin.id === id)!.contributed.get(CliCommands.id) ?? [];
        const declared = commandsUrl
          ? ((await import(commandsUrl.href)) as { commands: Array<{ name: string; summary: string }> }).commands
          : [];
        expect(
          declared.map((c) => c.name),
          id,
        ).to.deep.equal(contributed);
        for (const { name, summary } of declared)
          expect(host.registry.commands.get(name)?.summary, name).to.equal(summary);
      }
    } finally {
      await host.close();
    }
  });

  it('each built-in contributes exactly the templates, credential types and sink types its entry in BUILTIN_PLUGINS names', async () => {
    const host = await createHost({ config: {}, stateDir: ':memory:', logger: silentLogger });
    try {
      for (const { id, names: given } of BUILTIN_PLUGINS.filter((entry) => entry.belongsTo !== 'cluster')) {
        const { contributed } = host.registry.plugins.find((p) => p.plugin.id === id)!;
        const names = {
          connectors: contributed.get(ConnectorTemplates.id) ?? [],
          credentials: contributed.get(CredentialTypes.id) ?? [],
          sinks: contributed.get(SinkTypes.id) ?? [],
        };
        expect(names, id).to.deep.equal({ connectors: [], credentials: [], sinks: [], ...given });
      }
    } finally {
      await host.close();
    }
  });
});
