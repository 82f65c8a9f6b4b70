import { comparePluginApi } from './compare-plugin-api.js';
import { RECORD_COMMAND } from './plugin-api-record.js';
import type { PluginApiSurface } from './plugin-api-surface.js';

/** The guard's verdict: what must be fixed before the suite passes, and what only asks for a new record. */
export interface PluginApiVerdict {
  readonly problems: readonly string[];
  readonly compatible: readonly string[];
}

const list = (lines: readonly string[]): string => lines.map((l) => `  - ${l}`).join('\n');

/**
 * The semver policy of the plugin API, applied to the recorded surface and the current one: a change
 * that breaks plugins needs a PLUGIN_API_VERSION above the recorded one, and a bumped version needs a
 * new record (which then becomes the baseline of the new API).
 */
export function checkPluginApi(recorded: PluginApiSurface | undefined, current: PluginApiSurface): PluginApiVerdict {
  if (!recorded)
    return {
      problems: [`nothing is recorded yet: run ${RECORD_COMMAND} and commit api/plugin-api.json`],
      compatible: [],
    };
  const { breaking, compatible } = comparePluginApi(recorded, current);
  const was = recorded.pluginApiVersion;
  const now = current.pluginApiVersion;
  if (now < was)
    return {
      problems: [`PLUGIN_API_VERSION is ${now}, below the recorded ${was}: an API version never goes down`],
      compatible,
    };
  if (now > was)
    return {
      problems: [
        `PLUGIN_API_VERSION was bumped from ${was} to ${now}: record the new API (${RECORD_COMMAND}) and commit api/plugin-api.json` +
          (breaking.length > 0 ? `; it accepts these changes:\n${list(breaking)}` : ''),
      ],
      compatible,
    };
  if (breaking.length === 0) return { problems: [], compatible };
  return {
    problems: [
      `these changes break existing plugins, yet PLUGIN_API_VERSION is still ${now}:\n${list(breaking)}\n` +
        `Keep the API compatible (an optional property, a new export, an overload), or bump PLUGIN_API_VERSION ` +
        `(core/plugin.ts) to ${now + 1}, add a "Plugin API ${now + 1}" migration section to CHANGELOG.md and run ${RECORD_COMMAND}.`,
    ],
    compatible,
  };
}
