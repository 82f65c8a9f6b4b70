import type { CliCommand } from '../../core/index.js';

/**
 * The commands this plugin contributes, by name and summary: what `tributary --help` lists, and how it
 * knows that `tributary logs` belongs to this plugin, without importing the plugin.
 */
export const LOGS_COMMAND = {
  name: 'logs',
  summary: 'Query the execution log with NQL (default: the 20 newest entries)',
} as const satisfies Pick<CliCommand, 'name' | 'summary'>;
export const CHANGES_COMMAND = {
  name: 'changes',
  summary: 'Show the change ledger: what each run changed, per user and field (old → new)',
} as const satisfies Pick<CliCommand, 'name' | 'summary'>;
export const commands: ReadonlyArray<Pick<CliCommand, 'name' | 'summary'>> = [LOGS_COMMAND, CHANGES_COMMAND];
