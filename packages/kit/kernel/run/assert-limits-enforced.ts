import { ConfigError } from '../../core/index.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';

/**
 * Refuses a run when no execution listener enforces the limits (`enforcesLimits`): the row and
 * per-UPN limits must hold on every run, whatever plugins were left out or replaced.
 */
export function assertLimitsEnforced(registry: Pick<PluginRegistry, 'executionListeners'>): void {
  if (registry.executionListeners.some((listener) => listener.enforcesLimits === true)) return;
  throw new ConfigError(
    'RUN_NO_LIMITS',
    'No execution listener enforces the row and per-UPN limits (the built-in "execution-log" plugin does): the host refuses to run a connector without them. Load the execution-log plugin, or a replacement whose listener sets enforcesLimits.',
  );
}
