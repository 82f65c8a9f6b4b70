// Lint: typescript-eslint recommended, plus the architecture's import boundaries (docs/architecture.md):
// core/ imports nothing from host/ or plugins/; a plugin, its tests included, imports from outside its own
// folder only the public entries core/index.js (the package's `/core` entry) and testing.js (its
// `/testing` entry, the kit): never host/, the repository's test/, core internals or another plugin.
// plugins/salesforce-sandbox is a test fixture, no plugin: a plugin's test/ folder may import its index.js.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { readdirSync } from 'node:fs';

const pluginsUrl = new URL('./plugins/', import.meta.url);
const pluginDirs = readdirSync(pluginsUrl, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/**
 * How many folders deep a .ts file of a plugin can sit inside it (0: beside its index.ts): the deepest
 * today, plus room for a new folder level that lint may be asked about before it exists on disk.
 */
const depths =
  2 +
  Math.max(
    0,
    ...readdirSync(pluginsUrl, { recursive: true })
      .map(String)
      .filter((p) => p.endsWith('.ts'))
      .map((p) => p.split('/').length - 2),
  );

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Folders of plugins/ that are test fixtures, not plugins: the host never loads them, a plugin's
 * production code never imports them, and a plugin's test/ folder imports them through their index.js.
 */
const TEST_FIXTURES = ['salesforce-sandbox'];

/** What one plugin's files may not import of another folder of plugins/ (`from`: how the import reaches plugins/). */
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

/**
 * The boundary of one plugin for its files `depth` folders deep, in its test/ folder (`tests`) or
 * outside it. A relative import is matched against what it resolves to: `root` climbs to the
 * repository, `siblings` to plugins/.
 */
function pluginBoundary(name, depth, tests) {
  const root = escape('../'.repeat(depth + 2));
  const siblings = escape('../'.repeat(depth + 1));
  return {
    files: tests
      ? [`plugins/${name}/test/${'*/'.repeat(depth - 1)}*.ts`]
      : [`plugins/${name}/${'*/'.repeat(depth)}*.ts`],
    ignores: tests ? [] : [`plugins/${name}/test/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^${root}host(/|$)`,
              message: 'Plugins use the public core entry (core/index.js) and the kit (testing.js) only, never host/.',
            },
            {
              regex: `^${root}test(/|$)`,
              message:
                "Plugins never import the repository's test/ (test/support is not public): use the kit (testing.js).",
            },
            {
              regex: `^${root}core/(?!index\\.js$)`,
              message: 'Import the public core entry (core/index.js), not core internals.',
            },
            {
              regex: `^${root}(?!core/|host(/|$)|test(/|$)|testing\\.js$|plugins/)`,
              message: 'Outside its own folder a plugin imports only core/index.js and testing.js.',
            },
            ...pluginDirs
              .filter((other) => other !== name)
              .map((other) => siblingRule(name, other, `(${siblings}|${root}plugins/)`, tests)),
          ],
        },
      ],
    },
  };
}

/**
 * host/ is layered: kernel (config, plugins, run, mapping, http) ← serve (scheduler, server, run now)
 * ← cli (with the scaffold); the public test kit (host/testing) sits beside cli. A layer imports only
 * the layers below it; host/ never imports the repository's test/, and reaches plugins only through
 * the plugin loader. One config object per layer and folder depth, since a later object's
 * `no-restricted-imports` replaces an earlier one's for the same file.
 */
const HOST_LAYERS = {
  kernel: ['serve', 'cli', 'testing'],
  serve: ['cli', 'testing'],
  cli: ['testing'],
  testing: ['cli'],
};

function hostBoundary(layer, above, depth) {
  const root = escape('../'.repeat(depth + 2));
  return {
    files: [`host/${layer}/${'*/'.repeat(depth)}*.ts`],
    ignores: ['host/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...above.map((other) => ({
              regex: `^${escape('../'.repeat(depth + 1))}${other}/`,
              message: `host/${layer} never imports host/${other}: it sits below it or beside it.`,
            })),
            { regex: `^${root}test/`, message: "host/ never imports the repository's test/." },
            { regex: `^${root}plugins/`, message: 'host/ loads plugins through the plugin loader, never by import.' },
          ],
        },
      ],
    },
  };
}

const hostBoundaries = Object.entries(HOST_LAYERS).flatMap(([layer, above]) =>
  [0, 1, 2, 3].map((depth) => hostBoundary(layer, above, depth)),
);

const pluginBoundaries = pluginDirs.flatMap((name) =>
  Array.from({ length: depths + 1 }, (_, depth) => [
    pluginBoundary(name, depth, false),
    ...(depth > 0 ? [pluginBoundary(name, depth, true)] : []),
  ]).flat(),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '**/fixtures/**', '.tributary/**', 'coverage/**'] },
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
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/host/**', '**/plugins/**'],
              message: 'core/ holds contracts only: it never imports host/ or plugins/.',
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
    files: ['core/**/*.ts', 'host/**/*.ts', 'plugins/**/*.ts', 'index.ts', 'testing.ts'],
    ignores: ['**/*.spec.ts', '**/test/**'],
    rules: { 'max-lines-per-function': ['error', { max: 80 }] },
  },
  ...hostBoundaries,
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
