import { isTributaryError } from '../../core/errors/tributary-error.js';
import type { CreateHostOptions, Host } from '../kernel/create-host.js';
import { applyStateAccess } from '../kernel/state-access.js';
import type { CommandContext } from './builtin-command.js';

/** What a command line builds its hosts with, and how it puts the umask back once it is done. */
export interface HostLoader {
  readonly loadHost: CommandContext['loadHost'];
  /** The umask from before the first host, restored (nothing when no host was built). */
  restoreUmask(): void;
}

/**
 * Builds hosts from `hostOptions`, each applying the config's `state.access` (the umask of what it
 * writes). `optionalConfig` (read-only commands): an empty config when none is found and none was named.
 * Without `server` (every command but serve and plugins), the built-ins that only serve HTTP are skipped.
 */
export function hostLoader(hostOptions: CreateHostOptions): HostLoader {
  let restoreUmask: (() => void) | undefined;
  const withStateAccess = (host: Host): Host => {
    const restore = applyStateAccess(host.config.state.access);
    restoreUmask ??= restore;
    return host;
  };
  return {
    async loadHost({ optionalConfig = false, deferMappingErrors = false, server = false } = {}) {
      // The host (the kernel and what it imports) is imported by the first command that builds one.
      const { createHost } = await import('../kernel/create-host.js');
      const withoutServerPlugins = hostOptions.withoutServerPlugins ?? !server;
      try {
        return withStateAccess(
          await createHost({
            ...hostOptions,
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
