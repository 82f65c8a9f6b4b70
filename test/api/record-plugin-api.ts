/**
 * Records the public plugin API into api/plugin-api.json (run from the repository root):
 *
 *   node --import tsx test/api/record-plugin-api.ts [--force]
 *
 * It refuses to record a change that breaks plugins while PLUGIN_API_VERSION stays what the record
 * says: bump it (core/plugin.ts) and describe the migration in CHANGELOG.md first. `--force` records
 * anyway, for a correction of the record itself (a contract's role, say), never to hide a break.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { comparePluginApi } from './compare-plugin-api.js';
import { formatPluginApiRecord, PLUGIN_API_RECORD, readPluginApiRecord } from './plugin-api-record.js';
import { pluginApiSurface } from './plugin-api-surface.js';

const force = process.argv.includes('--force');
const current = pluginApiSurface();
const recorded = readPluginApiRecord();
const file = relative(process.cwd(), PLUGIN_API_RECORD);
const list = (lines: readonly string[]): string => lines.map((l) => `  - ${l}`).join('\n');

if (recorded) {
  const { breaking, compatible } = comparePluginApi(recorded, current);
  const bumped = current.pluginApiVersion > recorded.pluginApiVersion;
  if (breaking.length > 0 && !bumped && !force) {
    console.error(
      `Not recorded: these changes break existing plugins, and PLUGIN_API_VERSION is still ${current.pluginApiVersion}:\n` +
        `${list(breaking)}\n` +
        `Keep them compatible, or bump PLUGIN_API_VERSION (core/plugin.ts) to ${recorded.pluginApiVersion + 1}, ` +
        `add a "Plugin API ${recorded.pluginApiVersion + 1}" migration section to CHANGELOG.md, and record again.`,
    );
    process.exit(1);
  }
  if (breaking.length > 0)
    console.log(`Breaking changes recorded (plugin API ${current.pluginApiVersion}):\n${list(breaking)}`);
  if (compatible.length > 0) console.log(`Compatible changes recorded:\n${list(compatible)}`);
  if (breaking.length + compatible.length === 0 && current.pluginApiVersion === recorded.pluginApiVersion)
    console.log(`${file} is up to date.`);
}
writeFileSync(PLUGIN_API_RECORD, await formatPluginApiRecord(current));
console.log(`Recorded plugin API ${current.pluginApiVersion} in ${file}.`);
