import type { CliCommand } from 'tributary-kit';

/**
 * The commands this plugin contributes, by name and summary: what `tributary --help` lists, and how it
 * knows that `tributary users` belongs to this plugin, without importing the plugin.
 */
export const USERS_COMMAND = {
  name: 'users',
  summary: 'Show the user attributes stored by the sqlite (or, in a cluster, postgres) sink',
} as const satisfies Pick<CliCommand, 'name' | 'summary'>;
export const commands: ReadonlyArray<Pick<CliCommand, 'name' | 'summary'>> = [USERS_COMMAND];
