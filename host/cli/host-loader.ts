import type { Plugin } from 'tributary-kit/internal/core/plugin.js';
import { isTributaryError } from 'tributary-kit/internal/core/errors/tributary-error.js';
import type { CreateHostOptions, Host } from 'tributary-kit/internal/kernel/create-host.js';
import { importBuiltin } from 'tributary-kit/internal/kernel/plugins/builtin-table.js';
import { builtinsNamedBy } from 'tributary-kit/internal/kernel/plugins/builtins-named-by.js';
import { BUILTIN_PLUGINS } from '../builtins/builtin-plugins.js';
import { applyStateAccess } from 'tributary-kit/internal/kernel/state-access.js';
import type { CommandContext } from './builtin-command.js';

/** What a command line builds its hosts with, and how it puts the umask back once it is done. */
export interface HostLoader {
  readonly loadHost: CommandContext['loadHost'];
  /** The umask from before the first host, restored (nothing when no host was built). */
  restoreUmask(): void;
}

/**
 * The built-in plugins the config needs (see builtinsNamedBy) and `also`, imported; undefined to load
 * them all: the host options choose the plugins themselves, the config does not read or does not tell,
 * or a built-in does not import (loading them all reports why).
 */
async function namedBuiltins(hostOptions: CreateHostOptions, also: readonly string[]): Promise<Plugin[] | undefined> {
  if (hostOptions.plugins?.length || hostOptions.withoutBuiltins) return undefined;
  let config = hostOptions.config;
  if (config === undefined) {
    const { readConfigFile } = await import('tributary-kit/internal/kernel/config/read-config-file.js');
    try {
      config = (await readConfigFile({ configPath: hostOptions.configPath, cwd: hostOptions.cwd })).raw;
    } catch {
      return undefined;
    }
  }
  const named = builtinsNamedBy(BUILTIN_PLUGINS, config, also);
  if (!named) return undefined;
  const plugins: Plugin[] = [];
  try {
    for (const entry of named) plugins.push(await importBuiltin(entry));
  } catch {
    return undefined;
  }
  return plugins;
}

/**
 * Builds hosts from `hostOptions`, each applying the config's `state.access` (the umask of what it
 * writes). `optionalConfig` (read-only commands): an empty config when none is found and none was named.
 * Without `server` (every command but serve and plugins), the built-ins that only serve HTTP are skipped,
 * and so are those contributing nothing the config names (but `plugin`, a plugin command's own).
 */
export function hostLoader(hostOptions: CreateHostOptions): HostLoader {
  let restoreUmask: (() => void) | undefined;
  const withStateAccess = (host: Host): Host => {
    const restore = applyStateAccess(host.config.state.access);
    restoreUmask ??= restore;
    return host;
  };
  return {
    async loadHost({ optionalConfig = false, deferMappingErrors = false, server = false, plugin, everyBuiltin } = {}) {
      // The host (the kernel and what it imports) is imported by the first command that builds one.
      const { createHost } = await import('../builtins/create-host.js');
      const withoutServerPlugins = hostOptions.withoutServerPlugins ?? !server;
      const builtins =
        withoutServerPlugins && !everyBuiltin ? await namedBuiltins(hostOptions, plugin ? [plugin] : []) : undefined;
      try {
        return withStateAccess(
          await createHost({
            ...hostOptions,
            ...(builtins && { withoutBuiltins: true, plugins: builtins }),
            deferMappingErrors,
            allowMissingSecrets: optionalConfig,
            withoutServerPlugins,
          }),
        );
      } catch (error) {
        if (!optionalConfig || !isTributaryError(error) || error.code !== 'CONFIG_NOT_FOUND' || hostOptions.configPath)
          throw error;
        return withStateAccess(await createHost({ ...hostOptions, config: {}, withoutServerPlugins }));
      }
    },
    restoreUmask: () => restoreUmask?.(),
  };
}
