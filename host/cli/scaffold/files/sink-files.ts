import type { PluginNames } from '../plugin-name.js';

/** src/sink.ts: a JSON-lines file sink with staged writes (commit renames, abort deletes). */
export function sinkTs(names: PluginNames): string {
  return `import { appendFile, rename, rm } from 'node:fs/promises';
import * as v from 'valibot';
import type { SinkConfig, SinkType } from 'tributary-kit';

export const schema = v.strictObject({
  id: v.string(),
  type: v.literal('${names.contributionId}'),
  /** The file every run replaces. */
  path: v.pipe(v.string(), v.nonEmpty('path must not be empty')),
});
export type Config = v.InferOutput<typeof schema> & SinkConfig;

/** The \`${names.contributionId}\` sink type: nothing is visible until commit; abort leaves the file as it was. */
export function createSinkType(): SinkType<Config> {
  return {
    type: '${names.contributionId}',
    displayName: '${names.title}',
    schema,
    create: (config) => ({
      id: config.id,
      async open(context) {
        const staged = \`\${config.path}.\${context.run.runId}.tmp\`;
        let written = 0;
        await appendFile(staged, '');
        return {
          async write(records) {
            await appendFile(staged, records.map((r) => \`\${JSON.stringify(r)}\\n\`).join(''));
            written += records.length;
          },
          async commit() {
            await rename(staged, config.path);
            return { importedRows: written };
          },
          async abort() {
            await rm(staged, { force: true });
          },
        };
      },
    }),
  };
}
`;
}

export function sinkSpecTs(names: PluginNames): string {
  return `import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHost, syntheticConnector, testPlugin } from 'tributary-kit/testing';
import plugin from '../index.js';

async function runInto(path: string, source: Parameters<typeof syntheticConnector>[0]) {
  const th = await startTestHost({
    plugins: [plugin, testPlugin({ connectorTemplates: [syntheticConnector(source)] })],
    config: {
      sinks: [{ id: 'out', type: '${names.contributionId}', path }],
      connectors: [{ nqlId: 'users', name: 'Users', connector: 'synthetic', sink: 'out', mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] } }],
    },
  });
  try {
    return await th.run('users');
  } finally {
    await th.close();
  }
}

describe('sink', () => {
  it('writes every record on commit', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sink-')), 'users.jsonl');
    const result = await runInto(path, { rows: 25, batchSize: 10 });
    assert.equal(result.status, 'success');
    assert.equal(result.importedRows, 25);
    assert.equal(readFileSync(path, 'utf8').trim().split('\\n').length, 25);
  });

  it('leaves nothing behind when the run fails', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sink-')), 'users.jsonl');
    const result = await runInto(path, { rows: 25, batchSize: 10, failAt: 10 });
    assert.equal(result.status, 'failure');
    assert.equal(existsSync(path), false);
  });
});
`;
}

export function sinkUsage(names: PluginNames): string {
  return `sinks:
  - id: out
    type: ${names.contributionId}
    path: ./users.jsonl
`;
}
