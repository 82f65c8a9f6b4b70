import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { PluginApiSurface } from './plugin-api-surface.js';

/** The committed record of the public plugin API. */
export const PLUGIN_API_RECORD = resolve(import.meta.dirname, '../../api/plugin-api.json');

/** The command that records the current surface into {@link PLUGIN_API_RECORD}. */
export const RECORD_COMMAND = 'npm run api:record';

/** The recorded surface, or undefined when nothing was recorded yet. */
export function readPluginApiRecord(file = PLUGIN_API_RECORD): PluginApiSurface | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as PluginApiSurface;
}

/** The record's text: one line per export, formatted as the repository's Prettier settings want it. */
export async function formatPluginApiRecord(surface: PluginApiSurface, file = PLUGIN_API_RECORD): Promise<string> {
  const text = JSON.stringify(surface, null, 2).replace(
    /\{\n\s+([^{}[\]]*?)\n\s+\}/g, // an object holding no object or array: on one line
    (_, body: string) => `{ ${body.replace(/\n\s+/g, ' ')} }`,
  );
  return format(text, { ...(await resolveConfig(file)), filepath: file });
}
