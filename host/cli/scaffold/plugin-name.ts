import { ConfigError } from 'tributary-kit';

export type PluginKind = 'connector' | 'sink' | 'credential';
export const PLUGIN_KINDS: readonly PluginKind[] = ['connector', 'sink', 'credential'];

/** The names a new plugin is known by. */
export interface PluginNames {
  /** npm package name: `acme-users` or `@acme/users`. */
  readonly packageName: string;
  /** Plugin id: the package name without `@` (`acme/users`). */
  readonly pluginId: string;
  /** Id of what it contributes (template id, sink or credential type): the last segment (`users`). */
  readonly contributionId: string;
  /** Default folder name. */
  readonly folder: string;
  /** `Acme Users`, for display names. */
  readonly title: string;
}

const NAME = /^(@[a-z][a-z0-9-]*\/)?[a-z][a-z0-9-]*$/;

/** Validates `tributary new plugin <name>` and derives the plugin's other names. */
export function pluginNames(name: string): PluginNames {
  if (!NAME.test(name) || name.length > 64) {
    throw new ConfigError(
      'USAGE',
      `Plugin name "${name}" must be an npm package name of lower-case letters, digits and dashes (e.g. acme-users or @acme/users)`,
    );
  }
  const contributionId = name.split('/').pop()!;
  return {
    packageName: name,
    pluginId: name.replace(/^@/, ''),
    contributionId,
    folder: contributionId,
    title: contributionId
      .split('-')
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join(' '),
  };
}
