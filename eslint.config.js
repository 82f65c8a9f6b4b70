// Lint: typescript-eslint recommended, plus the architecture's import boundaries (docs/architecture.md).
// Two packages: the kit (packages/kit: core, kernel, testing and the kit's own plugins) and the host (the
// repository's root: host/ and plugins/). The kit never imports the host. core/ imports nothing of the
// kit's other folders. A plugin, its tests included, imports from outside its own folder only the public
// entries: in the host, the package `tributary-kit` (the plugin API), `tributary-kit/testing` and the
// host's testing.js; in the kit, core/index.js and testing/index.js. Never host/, the kernel, the
// repository's test/, core internals or another plugin. plugins/salesforce-sandbox is a test fixture, no
// plugin: a plugin's test/ folder may import its index.js.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { readdirSync } from 'node:fs';

const KIT = 'packages/kit';

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The plugin folders under a plugins/ folder of the repository (relative path). */
const pluginDirsOf = (base) =>
  readdirSync(new URL(`./${base}/`, import.meta.url), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

/** Plugin folders: the host's and the kit's, each with the plugins/ folder it sits in. */
const PLUGIN_BASES = ['plugins', `${KIT}/plugins`];
const plugins = PLUGIN_BASES.flatMap((base) => pluginDirsOf(base).map((name) => ({ name, base })));
const pluginNames = plugins.map((p) => p.name);

/**
 * How many folders deep a .ts file of a plugin can sit inside it (0: beside its index.ts): the deepest
 * today, plus room for a new folder level that lint may be asked about before it exists on disk.
 */
const depths =
  2 +
  Math.max(
    0,
    ...PLUGIN_BASES.flatMap((base) =>
      readdirSync(new URL(`./${base}/`, import.meta.url), { recursive: true })
        .map(String)
        .filter((p) => p.endsWith('.ts'))
        .map((p) => p.split('/').length - 2),
    ),
  );

/**
 * Folders of plugins/ that are test fixtures, not plugins: the host never loads them, a plugin's
 * production code never imports them, and a plugin's test/ folder imports them through their index.js.
 */
const TEST_FIXTURES = ['salesforce-sandbox'];

/** What one plugin's files may not import of another plugin folder (`from`: how the import reaches plugins/). */
function siblingRule(name, other, from, tests) {
  if (!TEST_FIXTURES.includes(other))
    return { regex: `^${from}${escape(other)}(/|$)`, message: `Plugins never import each other (${name} → ${other}).` };
  if (tests)
    return {
      regex: `^${from}${escape(other)}(/(?!index\\.js$)|$)`,
      message: `A plugin's tests import the test fixture plugins/${other} through its public entry only (plugins/${other}/index.js).`,
    };
  return {
    regex: `^${from}${escape(other)}(/|$)`,
    message: `plugins/${other} is a test fixture: only a plugin's test/ folder imports it, never its production code (${name}).`,
  };
}

/** What a plugin may reach outside its folder, by package: the host's plugins and the kit's. */
function outsideRules(base, root) {
  if (base === 'plugins')
    return [
      {
        regex: `^${root}host(/|$)`,
        message:
          "Plugins use the kit (`tributary-kit`, `tributary-kit/testing`) and the host's testing.js only, never host/.",
      },
      {
        regex: `^${root}test(/|$)`,
        message: "Plugins never import the repository's test/ (test/support is not public): use the kit (testing.js).",
      },
      {
        regex: `^${root}packages(/|$)`,
        message: 'Plugins import the kit by its package name (`tributary-kit`), never its files.',
      },
      {
        regex: `^${root}(?!host(/|$)|test(/|$)|packages(/|$)|testing\\.js$|plugins/)`,
        message:
          'Outside its own folder a plugin imports only `tributary-kit`, `tributary-kit/testing` and testing.js.',
      },
      {
        regex: '^tributary-kit/(?!testing$)',
        message: 'Plugins use the public entries `tributary-kit` and `tributary-kit/testing` only, never internals.',
      },
      { regex: '^tributary-host(/|$)', message: 'Built-in plugins import the kit (`tributary-kit`), not the host.' },
    ];
  return [
    {
      regex: `^${root}kernel(/|$)`,
      message:
        'Plugins use the public core entry (core/index.js) and the kit (testing/index.js) only, never the kernel.',
    },
    {
      regex: `^${root}core/(?!index\\.js$)`,
      message: 'Import the public core entry (core/index.js), not core internals.',
    },
    {
      regex: `^${root}testing/(?!index\\.js$)`,
      message: "Import the kit's public entry (testing/index.js), not its internals.",
    },
    { regex: `^${root}\\.\\./`, message: 'A plugin of the kit never imports outside the kit.' },
    { regex: '^tributary-(kit|host)(/|$)', message: 'The kit imports itself by relative path, never by package name.' },
  ];
}

/**
 * The boundary of one plugin for its files `depth` folders deep, in its test/ folder (`tests`) or
 * outside it. A relative import is matched against what it resolves to: `root` climbs to the
 * package's root, `siblings` to its plugins/ folder.
 */
function pluginBoundary({ name, base }, depth, tests) {
  const root = escape('../'.repeat(depth + 2));
  const siblings = escape('../'.repeat(depth + 1));
  return {
    files: tests
      ? [`${base}/${name}/test/${'*/'.repeat(depth - 1)}*.ts`]
      : [`${base}/${name}/${'*/'.repeat(depth)}*.ts`],
    ignores: tests ? [] : [`${base}/${name}/test/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...outsideRules(base, root),
            ...pluginNames
              .filter((other) => other !== name)
              .map((other) => siblingRule(name, other, `(${siblings}|${root}plugins/)`, tests)),
          ],
        },
      ],
    },
  };
}

/**
 * Each package is layered; a layer imports only the layers below it. The kit: core ← kernel (config,
 * plugins, run, mapping, http, schedule) ← testing (the light kit). The host: builtins (the table of
 * built-in plugins) ← serve (scheduler, server, run now) ← cli (with the scaffold); the host's testing
 * helpers sit beside cli. Neither imports the repository's test/, and the host reaches plugins only
 * through the plugin loader. One config object per layer and folder depth, since a later object's
 * `no-restricted-imports` replaces an earlier one's for the same file.
 */
const LAYERS = {
  [`${KIT}/kernel`]: ['testing'],
  [`${KIT}/testing`]: [],
  'host/builtins': ['serve', 'cli', 'testing'],
  'host/serve': ['cli', 'testing'],
  'host/cli': ['testing'],
  'host/testing': ['cli'],
};

function layerBoundary(folder, above, depth) {
  const inKit = folder.startsWith(`${KIT}/`);
  const root = escape('../'.repeat(depth + (inKit ? 1 : 2)));
  return {
    files: [`${folder}/${'*/'.repeat(depth)}*.ts`],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...above.map((other) => ({
              regex: `^${escape('../'.repeat(depth + 1))}${other}/`,
              message: `${folder} never imports ${other}/: it sits below it or beside it.`,
            })),
            ...(inKit
              ? [
                  { regex: `^${root}\\.\\./`, message: 'The kit never imports outside its package.' },
                  {
                    regex: `^${root}plugins/`,
                    message: 'The kit loads plugins through the plugin loader, never by import.',
                  },
                  { regex: '^tributary-(kit|host)(/|$)', message: 'The kit imports itself by relative path.' },
                ]
              : [
                  { regex: `^${root}test/`, message: "host/ never imports the repository's test/." },
                  {
                    regex: `^${root}packages/`,
                    message: 'host/ imports the kit by its package name, `tributary-kit`.',
                  },
                  {
                    regex: `^${root}plugins/`,
                    message: 'host/ loads plugins through the plugin loader, never by import.',
                  },
                ]),
          ],
        },
      ],
    },
  };
}

const layerBoundaries = Object.entries(LAYERS).flatMap(([folder, above]) =>
  [0, 1, 2, 3].map((depth) => layerBoundary(folder, above, depth)),
);

const pluginBoundaries = plugins.flatMap((plugin) =>
  Array.from({ length: depths + 1 }, (_, depth) => [
    pluginBoundary(plugin, depth, false),
    ...(depth > 0 ? [pluginBoundary(plugin, depth, true)] : []),
  ]).flat(),
);

export default tseslint.config(
  {
    ignores: ['dist/**', `${KIT}/dist/**`, 'node_modules/**', '**/fixtures/**', '.tributary/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        Buffer: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: [`${KIT}/core/**/*.ts`],
    ignores: [`${KIT}/core/**/*.spec.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/kernel/**',
                '**/plugins/**',
                '**/testing/**',
                '**/host/**',
                'tributary-kit',
                'tributary-kit/*',
              ],
              message: 'core/ holds contracts only: it never imports the kernel, the kit, the host or plugins.',
            },
            {
              group: [
                'node:fs',
                'node:fs/*',
                'node:net',
                'node:http',
                'node:https',
                'node:child_process',
                'fs',
                'http',
                'https',
                'net',
                'got',
                'better-sqlite3',
              ],
              message: 'core/ does no I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    // Production code: no function longer than a screen. Tests, fixtures and the bench are exempt.
    files: [`${KIT}/**/*.ts`, 'host/**/*.ts', 'plugins/**/*.ts', 'index.ts', 'core.ts', 'testing.ts'],
    ignores: ['**/*.spec.ts', '**/test/**'],
    rules: { 'max-lines-per-function': ['error', { max: 80 }] },
  },
  ...layerBoundaries,
  ...pluginBoundaries,
  {
    // The console's browser modules (served to the browser as assets): DOM globals, no Node ones.
    files: ['plugins/console/browser/**/*.ts'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        sessionStorage: 'readonly',
        fetch: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        process: 'off',
        Buffer: 'off',
        setImmediate: 'off',
      },
    },
  },
);
