import { resolve } from 'node:path';
import * as v from 'valibot';
import { ConfigProblemsError, type ConfigProblem } from '../core/index.js';
import { configSchema, type ParsedConfig } from './config/config-schema.js';
import { toProblems } from './config/issue-path.js';
import { readConfigFile } from './config/read-config-file.js';
import { substituteSecrets, type Substitution } from './config/substitute-secrets.js';

export interface ConfigSource {
  /** A config object given in code (embedding, tests); skips discovery. */
  readonly config?: unknown;
  /** `--config PATH`. */
  readonly configPath?: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Leave `${…}` references that cannot be resolved as they are (for commands that never authenticate). */
  readonly allowMissingSecrets?: boolean;
}

export interface LoadedConfigFile {
  readonly parsed: ParsedConfig;
  readonly substitutions: Substitution[];
  /** Folder that relative paths in the config are resolved from. */
  readonly baseDir: string;
  readonly filepath: string | undefined;
  /**
   * References that could not be substituted (a variable not set, a file not there), left in place:
   * reported together with what the plugin-dependent pass finds, so that one run lists every problem.
   */
  readonly pending: readonly ConfigProblem[];
}

/**
 * First pass: find, parse, substitute secrets and check the top-level shape. Throws ConfigProblemsError
 * when the shape is wrong; problems with references alone are returned as `pending`.
 */
export async function loadConfigFile(source: ConfigSource): Promise<LoadedConfigFile> {
  const cwd = source.cwd ?? process.cwd();
  let raw: unknown = source.config;
  let filepath: string | undefined;
  let baseDir = cwd;
  if (raw === undefined) {
    const file = await readConfigFile({ configPath: source.configPath, cwd });
    raw = file.raw;
    filepath = file.filepath;
    baseDir = resolve(file.filepath, '..');
  }
  const substituted = substituteSecrets(raw ?? {}, source.env ?? process.env, baseDir, {
    allowMissing: source.allowMissingSecrets,
  });
  const result = v.safeParse(configSchema, substituted.value);
  if (!result.success)
    throw new ConfigProblemsError([...substituted.problems, ...toProblems(result.issues, '', configSchema)]);
  return {
    parsed: result.output,
    substitutions: substituted.substitutions,
    baseDir,
    filepath,
    pending: substituted.problems,
  };
}
