import { expect } from 'chai';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { definePlugin, PLUGIN_API_VERSION } from '../../core/index.js';
import { memoryHostContext } from '../test/memory-host-context.js';
import { createHttpClient } from '../http/create-http-client.js';
import { builtinsToLoad, type BuiltinTable } from './builtin-table.js';
import { commandDeclarations } from './command-declarations.js';
import { loadPlugins } from './load-plugins.js';

const CORE = new URL('../../core/index.ts', import.meta.url).href;

/** A plugin folder of its own, outside the repository: `<id>/index.mjs`, and `commands.mjs` declaring `command`. */
function writePlugin(root: string, id: string, command: string): { url: URL; commandsUrl: URL } {
  const dir = join(root, id);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'index.mjs'),
    `import { definePlugin, PLUGIN_API_VERSION } from ${JSON.stringify(CORE)};\n` +
      `export default definePlugin({ id: ${JSON.stringify(id)}, version: '1.0.0', apiVersion: PLUGIN_API_VERSION, register() {} });\n`,
  );
  writeFileSync(
    join(dir, 'commands.mjs'),
    `export const commands = [{ name: ${JSON.stringify(command)}, summary: 'declared by ${id}' }];\n`,
  );
  return { url: pathToFileURL(join(dir, 'index.mjs')), commandsUrl: pathToFileURL(join(dir, 'commands.mjs')) };
}

const hostContext = memoryHostContext();

describe('a host loads the built-in plugins of the table it is given, and no other', () => {
  const root = mkdtempSync(join(tmpdir(), 'tributary-builtins-'));
  const limits = writePlugin(root, 'table-limits', 'limits-command');
  const other = writePlugin(root, 'table-other', 'other-command');
  const server = writePlugin(root, 'table-server', 'server-command');
  const cluster = writePlugin(root, 'table-cluster', 'cluster-command');
  const TABLE: BuiltinTable = [
    { id: 'table-limits', url: limits.url, enforcesLimits: true },
    { id: 'table-other', ...other },
    { id: 'table-server', url: server.url, belongsTo: 'server' },
    { id: 'table-cluster', ...cluster, belongsTo: 'cluster' },
  ];
  const load = (options: Partial<Parameters<typeof loadPlugins>[0]> = {}) =>
    loadPlugins({ extra: [], baseDir: root, hostContext, http: createHttpClient(), builtins: TABLE, ...options });
  const loaded = async (options: Partial<Parameters<typeof loadPlugins>[0]> = {}) =>
    (await load(options)).registry.plugins.map((p) => `${p.plugin.id} (${p.source})`);

  it('loads exactly the entries of the table, in its order, as built-ins', async () => {
    expect(await loaded()).to.deep.equal([
      'table-limits (built-in)',
      'table-other (built-in)',
      'table-server (built-in)',
    ]);
    expect(await loaded({ builtins: [] })).to.deep.equal([]);
  });

  it("adds the cluster's entries with cluster:, and leaves the server's out without the server", async () => {
    expect(await loaded({ cluster: true, withoutServerPlugins: true })).to.deep.equal([
      'table-limits (built-in)',
      'table-other (built-in)',
      'table-cluster (built-in)',
    ]);
  });

  it('without the built-ins, loads those enforcing the limits, unless a plugin given inline takes their id', async () => {
    expect(await loaded({ withoutBuiltins: true })).to.deep.equal(['table-limits (built-in)']);
    const replacement = definePlugin({
      id: 'table-limits',
      version: '2.0.0',
      apiVersion: PLUGIN_API_VERSION,
      register: () => undefined,
    });
    expect(await loaded({ withoutBuiltins: true, inline: [replacement] })).to.deep.equal(['table-limits (inline)']);
  });

  it('lists the commands the chosen entries declare, from their commandsUrl', async () => {
    const declared = await commandDeclarations({ builtins: TABLE, config: {} });
    expect(declared.commands).to.deep.equal([
      { name: 'other-command', summary: 'declared by table-other', plugin: 'table-other' },
    ]);
    const clustered = await commandDeclarations({ builtins: TABLE, config: { cluster: {} } });
    expect(clustered.commands.map((c) => c.plugin)).to.deep.equal(['table-other', 'table-cluster']);
    const without = await commandDeclarations({ builtins: TABLE, config: {}, withoutBuiltins: true });
    expect(without.commands).to.deep.equal([]);
  });

  it('chooses from a table without knowing any built-in of its own', () => {
    const ids = (table: BuiltinTable) => table.map((entry) => entry.id);
    expect(ids(builtinsToLoad(TABLE, { withoutBuiltins: true, inlineIds: ['table-limits'] }))).to.deep.equal([]);
    expect(ids(builtinsToLoad([], {}))).to.deep.equal([]);
    expect(ids(builtinsToLoad(TABLE, { cluster: true }))).to.deep.equal(ids(TABLE));
  });
});
