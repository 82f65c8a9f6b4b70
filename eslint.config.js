// Lint: typescript-eslint recommended, plus the architecture's import boundaries (STYLE.md §7):
// core/ imports nothing from host/ or plugins/; a plugin imports only the public core entry, never
// host/ or another plugin.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { readdirSync } from 'node:fs';

const pluginDirs = readdirSync(new URL('./plugins/', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const pluginBoundaries = pluginDirs.map((name) => ({
  files: [`plugins/${name}/**/*.ts`],
  ignores: [`plugins/${name}/test/**`, `plugins/${name}/**/*.spec.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        { group: ['**/host/**', '**/host'], message: 'Plugins use the public tributary/core API only, never host/.' },
        { group: ['**/core/*', '!**/core/index.js'], message: 'Import the public core entry (core/index.js), not core internals.' },
        ...pluginDirs.filter((other) => other !== name).map((other) => ({
          group: [`**/${other}/**`, `**/${other}`],
          message: `Plugins never import each other (${name} → ${other}).`,
        })),
      ],
    }],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '**/fixtures/**', '.tributary/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', Buffer: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/host/**', '**/plugins/**'], message: 'core/ holds contracts only: it never imports host/ or plugins/.' },
          { group: ['node:fs', 'node:fs/*', 'node:net', 'node:http', 'node:https', 'node:child_process', 'fs', 'http', 'https', 'net', 'got', 'better-sqlite3'], message: 'core/ does no I/O.' },
        ],
      }],
    },
  },
  ...pluginBoundaries,
);
