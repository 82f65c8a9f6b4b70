import type { PluginKind, PluginNames } from '../plugin-name.js';

/** Versions the generated package pins: this tributary's own, and the tools it was built with. */
export interface ScaffoldVersions {
  /** Semver range of the tributary-kit peer dependency (the kit the host depends on), e.g. `^0.1.0`. */
  readonly kit: string;
  readonly valibot: string;
  readonly devDependencies: Readonly<Record<string, string>>;
}

export function packageJson(names: PluginNames, kind: PluginKind, versions: ScaffoldVersions): string {
  const manifest = {
    name: names.packageName,
    version: '0.1.0',
    description: `Tributary ${kind} plugin ${names.pluginId}`,
    type: 'module',
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    files: ['dist', 'README.md'],
    keywords: ['tributary', 'tributary-plugin', `tributary-${kind}`],
    scripts: {
      build: 'tsc -p tsconfig.json',
      // The tests are compiled (and so type-checked) with the code, then run by Node's own test runner.
      typecheck: 'tsc -p tsconfig.test.json',
      test: `npm run typecheck && ${TEST_COMMAND}`,
      prepublishOnly: 'npm run build && npm test',
    },
    peerDependencies: { 'tributary-kit': versions.kit },
    dependencies: { valibot: versions.valibot },
    devDependencies: versions.devDependencies,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2023'],
      types: ['node'],
      strict: true,
      skipLibCheck: true,
      declaration: true,
      outDir: 'dist',
      rootDir: '.',
      verbatimModuleSyntax: true,
    },
    include: ['index.ts', 'src'],
  },
  null,
  2,
)}\n`;

/** Where tsconfig.test.json compiles the code and its tests to, for Node's test runner. */
const TEST_BUILD = 'build-test';

/** `npm test`'s command, once `typecheck` compiled the tests: Node's test runner, no framework to install. */
const TEST_COMMAND = `node --test --test-reporter=spec ${TEST_BUILD}/test/*.spec.js`;

/** tsconfig.test.json: compiles index.ts, src/ and test/ into build-test/ (type-checking the tests too). */
export const TSCONFIG_TEST = `${JSON.stringify(
  {
    extends: './tsconfig.json',
    compilerOptions: { outDir: TEST_BUILD, declaration: false, sourceMap: true },
    include: ['index.ts', 'src', 'test'],
  },
  null,
  2,
)}\n`;

export const GITIGNORE = `node_modules/\ndist/\n${TEST_BUILD}/\n`;

const KIND_POINT: Record<PluginKind, string> = {
  connector: 'ConnectorTemplates',
  sink: 'SinkTypes',
  credential: 'CredentialTypes',
};

export function readme(names: PluginNames, kind: PluginKind, usage: string): string {
  return `# ${names.packageName}

A Tributary ${kind} plugin (contributes \`${names.contributionId}\` to the \`${KIND_POINT[kind]}\` extension point).

## Develop

The code imports the plugin API from \`tributary-kit\` and the tests its test kit from
\`tributary-kit/testing\`: developing this package needs the kit, not the host.

\`\`\`sh
npm install       # this package's dependencies, and the tributary-kit peer dependency from your registry
npm test          # compiles index.ts, src/ and test/ (type-checking them) into build-test/, then runs the
                  # tests with Node's own test runner (node --test): no test framework to install
npm run build     # compiles to dist/ (what Tributary loads)
\`\`\`

Until \`tributary-kit\` is on your registry, install a tarball of it instead of the first step: in a
Tributary checkout, \`npm install\` (which also builds it) then \`npm pack --workspace tributary-kit\`
make \`tributary-kit-<version>.tgz\`; here, \`npm install --no-save /path/to/tributary-kit-<version>.tgz\`.
\`--no-save\` keeps the peer dependency as it is (a plain install would rewrite it to \`file:…\`, wrong
once this package is published).

The test host's execution log needs nothing more: it runs in SQLite where Node has it built in (22.13
and newer), and in memory, with the same answers, on Node 20. To record HTTP with the kit, add
\`npm i -D nock@14\` (nock 15 needs Node 22).

\`npm run typecheck\` alone compiles without running the tests. A type error anywhere, tests
included, fails \`npm test\` before any test runs.

## Use

Tributary runs the plugin: install the host, \`npm install tributary-host\` in your project (it
depends on \`tributary-kit\`, so the plugin and the host share one kit), build this package, then name
it (once published) or its folder in the Tributary config:

\`\`\`yaml
plugins:
  - ${JSON.stringify(names.packageName)}        # or ./path/to/this/folder
${usage}\`\`\`

Check with \`npx tributary plugins\` and \`npx tributary validate\`, from a project where the
\`tributary-host\` package is installed (its command is \`tributary\`; the npm package named
\`tributary\` is an unrelated one).

## Publish

Keep \`version\` in \`index.ts\` equal to the one in package.json, then \`npm publish\`
(\`prepublishOnly\` builds and tests). \`apiVersion\` is the Tributary plugin API the code targets; the
\`tributary-kit\` peer dependency range says which kits (and so which hosts) implement it. See Tributary's docs/plugins.md.
`;
}

/** index.ts: the plugin manifest, contributing one thing to its extension point. */
export function indexTs(
  names: PluginNames,
  kind: PluginKind,
  factory: string,
  module: string,
  usesHttp: boolean,
): string {
  const point = KIND_POINT[kind];
  const imports = ['PLUGIN_API_VERSION', 'definePlugin', point, ...(usesHttp ? ['HttpClientService'] : [])].sort();
  const contribution = usesHttp ? `(services) => ${factory}(services.get(HttpClientService))` : `${factory}()`;
  return `import { ${imports.join(', ')} } from 'tributary-kit';
import { ${factory} } from './src/${module}.js';

export default definePlugin({
  id: '${names.pluginId}',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description: '${names.title}: a Tributary ${kind}',
  register(env) {
    env.contribute(${point}, ${contribution});
  },
});
`;
}
