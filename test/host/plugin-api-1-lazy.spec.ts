import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import {
  ExecutionHistoryService,
  ExecutionHistoryToken,
  HostContextToken,
  RunContextToken,
  silentLogger,
  type HostContext,
} from 'tributary-kit';
import { tempProject } from '../support/run-cli.js';
import { restJsonlConfig } from '../support/rest-jsonl-config.js';
import { modulesLoadedBy, packageNames, type LoadedModules } from '../testing-kit/support/kit-modules.js';
import { createHost } from '../../host/builtins/create-host.js';

const url = (path: string): string => new URL(path, import.meta.url).href;
const MAIN = url('../../host/cli/main.ts');
const CORE = url('../../packages/kit/core/index.ts');
const LAZY_REFLECT = url('../../packages/kit/kernel/plugins/lazy-reflect-metadata.ts');
const V1_PLUGIN = fileURLToPath(new URL('../fixtures/v1-plugin', import.meta.url));

/** inversify with the packages it is made of, and the polyfill it needs: plugin API 1's libraries. */
const API_1_PACKAGES = ['inversify', '@inversifyjs/common', '@inversifyjs/container', '@inversifyjs/core'];
const api1Packages = (loaded: LoadedModules): string[] =>
  [...packageNames(loaded)].filter((p) => API_1_PACKAGES.includes(p) || p === 'reflect-metadata').sort();

/** A script that runs `tributary …argv` (the sources, in the child) after `setup`. */
const cli = (argv: readonly string[], setup = '', teardown = ''): string =>
  `${setup}\nconst { main } = await import(${JSON.stringify(MAIN)});\nprocess.exitCode = await main(${JSON.stringify(argv)});\n${teardown}`;

const CONFIG = (extra: readonly string[] = []): string =>
  restJsonlConfig({ url: '${USERS_URL}', identification: 'name', extra });

/** A user API on 127.0.0.1 started by the child itself (the parent waits on it synchronously), its URL in USERS_URL; then closed. */
const USER_API = `
const { createServer } = await import('node:http');
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ users: [{ name: 'ada@acme.example', dept: 'Research' }] }));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
process.env.USERS_URL = 'http://127.0.0.1:' + server.address().port + '/users';
`;

describe('plugin API 1 libraries (inversify, reflect-metadata) load only for plugin API 1', function () {
  this.timeout(120_000);

  it("core's index loads neither", () => {
    const loaded = modulesLoadedBy(`await import(${JSON.stringify(CORE)});`, tempProject({}));
    expect(loaded.code, loaded.stderr).to.equal(0);
    expect(loaded.ours, 'the recorder saw core load').to.include('packages/kit/core/plugin-v1.ts');
    expect(api1Packages(loaded)).to.deep.equal([]);
  });

  it('a host whose plugins are all of API 2 validates a config and runs a connector without loading either', () => {
    const cwd = tempProject({ 'tributary.config.yaml': CONFIG() });
    const validated = modulesLoadedBy(cli(['validate'], 'process.env.USERS_URL = "http://127.0.0.1:9/users";'), cwd);
    expect(validated.code, validated.stderr).to.equal(0);
    expect(validated.ours).to.include('packages/kit/kernel/create-host.ts');
    expect(api1Packages(validated)).to.deep.equal([]);

    const ran = modulesLoadedBy(
      cli(['run', 'people'], USER_API, 'server.closeAllConnections();\nserver.close();'),
      cwd,
    );
    expect(ran.code, ran.stderr).to.equal(0);
    expect(ran.ours).to.include('packages/kit/kernel/run/run-connector.ts');
    expect(api1Packages(ran)).to.deep.equal([]);
  });

  it('a host with a plugin of API 1 loads both, and the plugin works', () => {
    const cwd = tempProject({ 'tributary.config.yaml': CONFIG([`plugins: [${JSON.stringify(V1_PLUGIN)}]`]) });
    const loaded = modulesLoadedBy(
      cli(['v1-hello', 'world'], 'process.env.USERS_URL = "http://127.0.0.1:9/users";'),
      cwd,
    );
    expect(loaded.code, loaded.stderr).to.equal(0);
    expect(loaded.stdout).to.match(/^hello world from .*state\n$/);
    expect(loaded.stderr).to.include('plugin "acme-v1" uses plugin API 1');
    expect(api1Packages(loaded)).to.deep.equal([...API_1_PACKAGES, 'reflect-metadata'].sort());
  });

  it("reflect-metadata's functions are on Reflect as before, the library loaded by their first use", () => {
    const script = `
const { createRequire } = await import('node:module');
const { installLazyReflectMetadata } = await import(${JSON.stringify(LAZY_REFLECT)});
const cache = createRequire(import.meta.url).cache;
const polyfill = () => Object.keys(cache).some((path) => path.includes('/node_modules/reflect-metadata/'));
installLazyReflectMetadata();
const before = [polyfill(), typeof Reflect.getOwnMetadata === 'function', polyfill()];
class Target {}
Reflect.defineMetadata('answer', 42, Target);
console.log(JSON.stringify({ before, answer: Reflect.getOwnMetadata('answer', Target), keys: Reflect.getOwnMetadataKeys(Target) }));
`;
    const loaded = modulesLoadedBy(script, tempProject({}));
    expect(loaded.code, loaded.stderr).to.equal(0);
    expect(JSON.parse(loaded.stdout)).to.deep.equal({ before: [false, true, true], answer: 42, keys: ['answer'] });
  });
});

describe('the deprecated host.container on a host whose plugins are all of API 2', () => {
  it('is made on first read, synchronously, with the host context and API 2 services under their ids', async () => {
    const host = await createHost({ config: {}, stateDir: ':memory:', logger: silentLogger });
    try {
      const container = host.container;
      expect(host.container).to.equal(container);
      expect(container.get<HostContext>(HostContextToken).stateDir).to.equal(':memory:');
      expect(container.get(ExecutionHistoryToken)).to.equal(host.services.resolver().get(ExecutionHistoryService));
      expect(container.isBound(RunContextToken)).to.equal(false);
    } finally {
      await host.close();
    }
  });
});
