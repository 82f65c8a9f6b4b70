/**
 * The script a Node user would write: jsforce's `autoFetch` collects every record, then jsonata maps
 * the identification and the three fields of each, and the result is written as JSON Lines.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import jsforce from 'jsforce';
import jsonata from 'jsonata';
import { sandboxSession } from './sandbox-token.js';
import { IDENTIFICATION, MAPPED_FIELDS, type ScenarioInput } from './scenario-types.js';

export async function runJsforce(input: ScenarioInput): Promise<{ rows: number; ms: number }> {
  const start = performance.now();
  const session = await sandboxSession(input.url, input.clientId, input.clientSecret);
  const conn = new jsforce.Connection({
    instanceUrl: session.instanceUrl,
    accessToken: session.accessToken,
    version: '62.0',
  });
  const result = await conn.query(input.query).autoFetch(true).maxFetch(input.rows);
  const identify = jsonata(IDENTIFICATION);
  const fields = MAPPED_FIELDS.map((field) => ({ target: field.target, expression: jsonata(field.source) }));
  const mapped = [];
  for (const record of result.records) {
    const attributes: Record<string, unknown> = {};
    for (const field of fields) attributes[field.target] = (await field.expression.evaluate(record)) ?? null;
    mapped.push({ identifier: { kind: 'upn', value: await identify.evaluate(record) }, fields: attributes });
  }
  await writeFile(join(input.workDir, 'users.jsonl'), mapped.map((row) => `${JSON.stringify(row)}\n`).join(''));
  return { rows: mapped.length, ms: performance.now() - start };
}
