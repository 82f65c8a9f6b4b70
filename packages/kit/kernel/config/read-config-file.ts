import { resolve } from 'node:path';
// The error classes' own files, not core's index: every command reads the config, `--help` too.
import { ConfigProblemsError } from '../../core/errors/config-problem.js';
import { ConfigError } from '../../core/errors/error-classes.js';
import { configLoaders } from './config-loaders.js';
import { cosmiconfigLibrary } from './cosmiconfig-library.js';

export interface ConfigFile {
  readonly filepath: string;
  readonly raw: unknown;
}

const MODULE = 'tributary';

/** Where discovery looks, in each folder from the current one upwards. */
const SEARCH_PLACES = [
  'package.json',
  ...['yaml', 'yml', 'json', 'js', 'mjs', 'cjs', 'ts'].map((ext) => `${MODULE}.config.${ext}`),
  `.${MODULE}rc`,
  ...['json', 'yaml', 'yml', 'js', 'mjs', 'cjs', 'ts'].map((ext) => `.${MODULE}rc.${ext}`),
];

function syntaxProblem(filepath: string, error: unknown): ConfigProblemsError {
  if (error instanceof ConfigProblemsError) return error;
  const e = error as { name?: string; reason?: string; message?: string; mark?: { line: number; column: number } };
  if (e.name === 'YAMLException' && e.mark) {
    return new ConfigProblemsError(
      [
        {
          path: filepath,
          message: `YAML syntax error at line ${e.mark.line + 1}, column ${e.mark.column + 1}: ${e.reason ?? 'invalid YAML'}`,
        },
      ],
      'The configuration file does not parse',
    );
  }
  const firstLine = (e.message ?? String(error)).split('\n')[0]!;
  return new ConfigProblemsError(
    [{ path: filepath, message: firstLine.replace(/^JSON Error in [^:]+:\s*/, '') }],
    'The configuration file does not load',
  );
}

/**
 * Finds and reads the config: `--config PATH` when given, else cosmiconfig's discovery under the
 * module name `tributary` (tributary.config.*, .tributaryrc*, package.json#tributary) from `cwd` up.
 */
export async function readConfigFile(options: { configPath?: string; cwd?: string }): Promise<ConfigFile> {
  const explorer = cosmiconfigLibrary().cosmiconfig(MODULE, {
    loaders: configLoaders(),
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'global',
    stopDir: '/',
  });
  const cwd = options.cwd ?? process.cwd();
  let result: { filepath: string; config: unknown; isEmpty?: boolean } | null;
  if (options.configPath) {
    const filepath = resolve(cwd, options.configPath);
    try {
      result = await explorer.load(filepath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new ConfigError('CONFIG_NOT_FOUND', `The config file ${filepath} does not exist`);
      }
      throw syntaxProblem(filepath, error);
    }
  } else {
    try {
      result = await explorer.search(cwd);
    } catch (error) {
      throw syntaxProblem((error as { filepath?: string }).filepath ?? 'config', error);
    }
    if (!result) {
      throw new ConfigError(
        'CONFIG_NOT_FOUND',
        `No Tributary config found from ${cwd} upwards: create tributary.config.yaml (see config/example.config.yaml) or pass --config PATH`,
      );
    }
  }
  if (!result) throw new ConfigError('CONFIG_NOT_FOUND', 'No Tributary config found');
  return { filepath: result.filepath, raw: result.isEmpty ? {} : result.config };
}
