import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import * as v from 'valibot';
import type { Sink, SinkRunContext, SinkType } from 'tributary-kit';
import { openTempFileOutput, streamOutput } from './jsonl-output.js';
import { JsonlRun } from './jsonl-run.js';

const jsonlSinkSchema = v.strictObject({
  id: v.pipe(v.string(), v.nonEmpty('The sink id must not be empty')),
  type: v.literal('jsonl'),
  /** File to write (relative to the working directory); omitted: standard output. */
  path: v.optional(v.pipe(v.string(), v.nonEmpty('The path must not be empty'))),
});

export type JsonlSinkConfig = v.InferOutput<typeof jsonlSinkSchema>;

export interface JsonlSinkOptions {
  /** Where lines go when the entry names no `path`. Default `process.stdout`. */
  readonly stdout?: () => Writable;
}

/**
 * One JSON object per line (`type: jsonl`), to a file (atomic by temp file + rename) or to stdout. A file
 * merges a `changes` read and a commit plan with its previous lines; stdout receives the run's lines only.
 */
export function createJsonlSinkType(options: JsonlSinkOptions = {}): SinkType<JsonlSinkConfig> {
  const stdout = options.stdout ?? (() => process.stdout);
  return {
    type: 'jsonl',
    displayName: 'JSON Lines file',
    hostLocal: true,
    appliesChanges: true,
    schema: jsonlSinkSchema,
    create(config, context): Sink {
      const target = config.path === undefined ? undefined : resolve(context.configDir, config.path);
      return {
        id: config.id,
        async open(context: SinkRunContext) {
          const output =
            target === undefined
              ? streamOutput(stdout(), 'standard output')
              : await openTempFileOutput(target, context.run.runId);
          return new JsonlRun(output, context.sync);
        },
      };
    },
  };
}

export const jsonlSinkType = createJsonlSinkType();
