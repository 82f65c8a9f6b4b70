import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from 'tributary-kit';
import {
  GITIGNORE,
  TSCONFIG,
  TSCONFIG_TEST,
  indexTs,
  packageJson,
  readme,
  type ScaffoldVersions,
} from './files/common-files.js';
import { connectorTs, connectorUsage } from './files/connector-files.js';
import { CONNECTOR_SPEC_TS, FIXTURE_API_TS, connectorSpecTs } from './files/connector-test-files.js';
import { credentialSpecTs, credentialTs, credentialUsage } from './files/credential-files.js';
import { sinkSpecTs, sinkTs, sinkUsage } from './files/sink-files.js';
import { pluginNames, type PluginKind, type PluginNames } from './plugin-name.js';

export interface ScaffoldOptions {
  readonly name: string;
  readonly kind: PluginKind;
  /** The folder to create; must not exist or be empty. */
  readonly dir: string;
  /** Default: the version of the tributary-kit this host depends on and the tool versions it was built with. */
  readonly versions?: ScaffoldVersions;
}

/** The files of a new plugin package, by path relative to its folder. */
function pluginFiles(names: PluginNames, kind: PluginKind, versions: ScaffoldVersions): Record<string, string> {
  const kindFiles: Record<PluginKind, () => Record<string, string>> = {
    connector: () => ({
      'index.ts': indexTs(names, kind, 'createConnector', 'connector', true),
      'src/connector.ts': connectorTs(names),
      'test/fixture-api.ts': FIXTURE_API_TS,
      'test/conformance.spec.ts': CONNECTOR_SPEC_TS,
      'test/connector.spec.ts': connectorSpecTs(names),
      'README.md': readme(names, kind, connectorUsage(names)),
    }),
    sink: () => ({
      'index.ts': indexTs(names, kind, 'createSinkType', 'sink', false),
      'src/sink.ts': sinkTs(names),
      'test/sink.spec.ts': sinkSpecTs(names),
      'README.md': readme(names, kind, sinkUsage(names)),
    }),
    credential: () => ({
      'index.ts': indexTs(names, kind, 'createCredentialType', 'credential', false),
      'src/credential.ts': credentialTs(names),
      'test/credential.spec.ts': credentialSpecTs(names),
      'README.md': readme(names, kind, credentialUsage(names)),
    }),
  };
  return {
    'package.json': packageJson(names, kind, versions),
    'tsconfig.json': TSCONFIG,
    'tsconfig.test.json': TSCONFIG_TEST,
    '.gitignore': GITIGNORE,
    ...kindFiles[kind](),
  };
}

interface Manifest {
  readonly version: string;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

/**
 * Versions for a new plugin: `^<version>` of the tributary-kit this host runs with (its package.json,
 * resolved as an import of `tributary-kit/package.json` is: the workspace package in a checkout, the
 * installed dependency in a release), the kit's valibot range, and the tools this host is built with
 * (its own package.json, the first one up from this module: in dist/ too).
 */
function defaultVersions(): ScaffoldVersions {
  const kit = createRequire(import.meta.url)('tributary-kit/package.json') as Manifest;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  const own = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  const dev = own.devDependencies ?? {};
  const pick = (names: string[]) => Object.fromEntries(names.filter((n) => dev[n]).map((n) => [n, dev[n]!]));
  return {
    kit: `^${kit.version}`,
    valibot: kit.dependencies?.['valibot'] ?? '^1.0.0',
    devDependencies: pick(['@types/node', 'typescript']),
  };
}

/** Writes a new plugin package; returns the paths written (relative to `dir`). */
export function scaffoldPlugin(options: ScaffoldOptions): string[] {
  const names = pluginNames(options.name);
  if (existsSync(options.dir) && readdirSync(options.dir).length > 0) {
    throw new ConfigError('USAGE', `${options.dir} already exists and is not empty: choose another --dir`);
  }
  const files = pluginFiles(names, options.kind, options.versions ?? defaultVersions());
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(options.dir, path)), { recursive: true });
    writeFileSync(join(options.dir, path), content);
  }
  return Object.keys(files);
}
