import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliCommand, Plugin } from '../../core/index.js';
import { builtinsToLoad, type BuiltinTable } from './builtin-table.js';
import { resolvePluginSpecifier } from './import-plugin-module.js';

/** A plugin command as declared without importing its plugin: what `--help` lists. */
interface DeclaredCommand extends Pick<CliCommand, 'name' | 'summary'> {
  /** The plugin that declares it: a built-in's id or the `plugins:` entry. */
  readonly plugin: string;
}

/** The commands the plugins a host would load declare, and the plugins that declare none. */
export interface CommandDeclarations {
  readonly commands: readonly DeclaredCommand[];
  /**
   * Plugins whose commands only loading them tells (a `plugins:` entry whose package.json has no
   * `tributaryPlugin.commands`, a plugin given inline), by how problems name them.
   */
  readonly undeclared: readonly string[];
  /** The config file could not be read or parsed: its `plugins:` entries are not known. */
  readonly configUnreadable: boolean;
}

/** Where the plugins come from: the host options that say which ones load. */
export interface DeclarationSource {
  /** The built-in plugins the host may load (the kernel knows none of its own). */
  readonly builtins: BuiltinTable;
  /** A config object given in code (its `plugins:` and `cluster:` are read from it). */
  readonly config?: unknown;
  readonly configPath?: string;
  readonly cwd?: string;
  /** Plugins given inline: they declare no commands. */
  readonly plugins?: readonly Plugin[];
  readonly withoutBuiltins?: boolean;
}

const COMMAND_NAME = /^[a-z][a-z0-9-]*$/;

/** `[{ name, summary }]` with string fields, else undefined (a declaration that is wrong counts as none). */
function commandList(value: unknown): Array<Pick<CliCommand, 'name' | 'summary'>> | undefined {
  if (!Array.isArray(value)) return undefined;
  const valid = value.every(
    (c: unknown) =>
      typeof c === 'object' &&
      c !== null &&
      typeof (c as { name?: unknown }).name === 'string' &&
      COMMAND_NAME.test((c as { name: string }).name) &&
      typeof (c as { summary?: unknown }).summary === 'string',
  );
  return valid
    ? (value as Array<{ name: string; summary: string }>).map(({ name, summary }) => ({ name, summary }))
    : undefined;
}

/**
 * What the package.json nearest to a plugin's entry module declares under `tributaryPlugin.commands`,
 * or undefined when it declares nothing (or the entry does not resolve: loading it reports why).
 */
function packageCommands(entry: string, baseDir: string): Array<Pick<CliCommand, 'name' | 'summary'>> | undefined {
  let dir: string;
  try {
    dir = dirname(fileURLToPath(resolvePluginSpecifier(entry, baseDir)));
  } catch {
    return undefined;
  }
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { tributaryPlugin?: { commands?: unknown } };
        return commandList(parsed.tributaryPlugin?.commands);
      } catch {
        return undefined;
      }
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The config's `plugins:` entries and whether it has `cluster:`, read without validating it. */
async function configPlugins(
  source: DeclarationSource,
): Promise<{ extra: string[]; baseDir: string; cluster: boolean; unreadable: boolean }> {
  const cwd = source.cwd ?? process.cwd();
  let raw = source.config;
  let baseDir = cwd;
  if (raw === undefined) {
    try {
      const { readConfigFile } = await import('../config/read-config-file.js');
      const file = await readConfigFile({ configPath: source.configPath, cwd });
      raw = file.raw;
      baseDir = resolve(file.filepath, '..');
    } catch (error) {
      const missing = (error as { code?: unknown }).code === 'CONFIG_NOT_FOUND' && !source.configPath;
      return { extra: [], baseDir, cluster: false, unreadable: !missing };
    }
  }
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const plugins = Array.isArray(record['plugins']) ? record['plugins'] : [];
  return {
    extra: plugins.filter((p): p is string => typeof p === 'string'),
    baseDir,
    cluster: record['cluster'] !== undefined && record['cluster'] !== null,
    unreadable: false,
  };
}

/**
 * The commands of the plugins a host built from `source` would load, declared without importing any
 * plugin: the table's built-ins' from their `commandsUrl`, a `plugins:` entry's from its package.json
 * (`"tributaryPlugin": { "commands": [{ "name": …, "summary": … }] }`). The config file is read for its
 * `plugins:` only; one that is missing or does not parse leaves the built-ins' commands.
 */
export async function commandDeclarations(source: DeclarationSource): Promise<CommandDeclarations> {
  const config = await configPlugins(source);
  const builtins = builtinsToLoad(source.builtins, {
    withoutBuiltins: source.withoutBuiltins,
    cluster: config.cluster,
    inlineIds: source.plugins?.map((p) => p.id),
  });
  const commands: DeclaredCommand[] = [];
  for (const { id, commandsUrl } of builtins) {
    if (!commandsUrl) continue;
    const declared = (await import(commandsUrl.href)) as {
      commands: ReadonlyArray<Pick<CliCommand, 'name' | 'summary'>>;
    };
    for (const { name, summary } of declared.commands) commands.push({ name, summary, plugin: id });
  }
  const undeclared: string[] = [];
  for (const entry of config.extra) {
    const declared = packageCommands(entry, config.baseDir);
    if (declared) for (const { name, summary } of declared) commands.push({ name, summary, plugin: entry });
    else undeclared.push(`plugin "${entry}"`);
  }
  for (const plugin of source.plugins ?? []) undeclared.push(`plugin "${String(plugin.id)}"`);
  return { commands, undeclared, configUnreadable: config.unreadable };
}
