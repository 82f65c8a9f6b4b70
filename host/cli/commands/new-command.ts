import { resolve } from 'node:path';
import { ConfigError } from 'tributary-kit';
import { PLUGIN_KINDS, pluginNames, type PluginKind } from '../scaffold/plugin-name.js';
import { scaffoldPlugin } from '../scaffold/scaffold-plugin.js';
import type { BuiltinCommand } from '../builtin-command.js';

const HELP = `Usage: tributary new plugin <name> [--kind connector|sink|credential] [--dir PATH]

Writes a ready plugin package: package.json (peer dependency on tributary-kit), tsconfig,
index.ts with definePlugin, a ${PLUGIN_KINDS.join('/')} skeleton, a test that passes, and a README.

  <name>        npm package name, e.g. acme-users or @acme/users
  --kind K      connector (default), sink or credential
  --dir PATH    folder to create (default: ./<name without scope>)

Then: cd <dir> && npm install && npm test && npm run build. Until tributary-kit is on your registry,
install a tarball of it instead: build the Tributary checkout first (npm install there), run
npm pack --workspace tributary-kit in it, then npm install --no-save /path/to/tributary-kit-<version>.tgz
in <dir>. Nothing native is needed, on any Node.js. See docs/plugins.md.`;

/** `tributary new plugin <name>`: scaffolds a plugin package. */
export const newCommand: BuiltinCommand = {
  name: 'new',
  summary: 'Create a new plugin package (tributary new plugin <name> --kind connector|sink|credential)',
  help: HELP,
  valueOptions: ['kind', 'dir'],
  flags: [],
  acceptsPositionals: true,
  async run({ args, io, hostOptions }) {
    const [what, name, ...rest] = args.positionals;
    if (what !== 'plugin' || !name || rest.length)
      throw new ConfigError('USAGE', `Expected: tributary new plugin <name>\n\n${HELP}`);
    const kind = (args.options['kind'] ?? 'connector') as PluginKind;
    if (!PLUGIN_KINDS.includes(kind))
      throw new ConfigError('USAGE', `--kind must be one of ${PLUGIN_KINDS.join(', ')}`);
    const cwd = hostOptions.cwd ?? process.cwd();
    const dir = resolve(cwd, typeof args.options['dir'] === 'string' ? args.options['dir'] : pluginNames(name).folder);
    const files = scaffoldPlugin({ name, kind, dir });
    io.stdout.write(
      `Created ${kind} plugin ${name} in ${dir}:\n${files.map((f) => `  ${f}`).join('\n')}\n\nNext: cd ${dir} && npm install && npm test && npm run build   (without tributary-kit on your registry, see its README.md)\n`,
    );
    return 0;
  },
};
