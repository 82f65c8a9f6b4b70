/**
 * Tributary's end-to-end sync through the real CLI code path: `main(['run', '--config', …])` with a
 * temporary config whose secrets come from the environment, state (execution log, SQLite store) and
 * JSON Lines output in the scenario's folder. Status from the exit code; rows counted in the sink.
 * Timed: everything main() does (config, plugins, token, sync, commit, execution log, close).
 */
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import { main } from '../host/cli/main.js';
import { BUILTIN_PLUGINS } from '../host/builtins/builtin-plugins.js';
import { builtinsToLoad, importBuiltin } from 'tributary-kit/internal/kernel/plugins/builtin-table.js';
import { IDENTIFICATION, JSONATA_FIELDS, MAPPED_FIELDS, type ScenarioInput } from './scenario-types.js';

export type TributarySink = 'jsonl' | 'sqlite' | 'postgres';

const STATUS_OF_EXIT_CODE: Record<number, string> = { 0: 'success', 3: 'partial', 1: 'failure', 2: 'config error' };

/** The config file of the benchmark's connector. */
export function benchConfig(
  input: ScenarioInput,
  sink: TributarySink,
  mapping: 'native' | 'jsonata' = 'native',
): string {
  const extra = Object.entries(input.parameters ?? {})
    .map(([key, value]) => `\n      ${key}: ${value}`)
    .join('');
  const fields = (mapping === 'native' ? MAPPED_FIELDS : JSONATA_FIELDS)
    .map((f) => `        - { source: ${JSON.stringify(f.source)}, target: ${f.target} }`)
    .join('\n');
  const sinkEntry =
    sink === 'jsonl'
      ? `{ id: out, type: jsonl, path: ${join(input.workDir, 'users.jsonl')} }`
      : `{ id: out, type: ${sink} }`;
  // The postgres sink lives in a cluster: the run takes its lease and logs to the database too.
  const cluster = sink === 'postgres' ? 'cluster: { postgres: "${BENCH_PG_URL}" }\n' : '';
  const state = input.state ? `, ${input.state.replace(/^\{\s*|\s*\}$/g, '')}` : '';
  return `state: { dir: ${join(input.workDir, 'state')}${state} }
${cluster}credentials:
  - id: sandbox
    name: Salesforce sandbox (benchmark)
    type: oauth2-client-credentials
    url: \${BENCH_SANDBOX_URL}
    clientId: \${BENCH_CLIENT_ID}
    clientSecret: \${BENCH_CLIENT_SECRET}
sinks:
  - ${sinkEntry}
connectors:
  - nqlId: bench_users
    name: Benchmark users
    connector: salesforce-user-attributes
    credentials: sandbox
    sink: out
    parameters:
      query: ${input.query}${extra}
    mapping:
      identification: ${IDENTIFICATION}
      identifier: upn
      fields:
${fields}
${input.sync ? `    sync: ${input.sync}\n` : ''}`;
}

async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
  }
  return lines;
}

async function countPostgresUsers(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM tributary.users')).rows[0]!.n);
  } finally {
    await client.end();
  }
}

function countUsers(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

export interface TributaryOutcome {
  readonly ms: number;
  readonly status: string;
  /** Call after measuring memory: counts the rows in the sink. */
  readonly countRows: () => Promise<number>;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runTributary(
  input: ScenarioInput,
  sink: TributarySink,
  mapping: 'native' | 'jsonata' = 'native',
): Promise<TributaryOutcome> {
  const configPath = join(input.workDir, 'tributary.config.yaml');
  await writeFile(configPath, benchConfig(input, sink, mapping));
  const env = {
    ...process.env,
    BENCH_SANDBOX_URL: input.url,
    BENCH_CLIENT_ID: input.clientId,
    BENCH_CLIENT_SECRET: input.clientSecret,
    BENCH_PG_URL: input.postgresUrl,
  };
  let stdout = '';
  let stderr = '';
  const streams = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
  // Like jsforce in its scenario, every module is loaded before the clock starts: the built-in plugins
  // main() would import on its own (under tsx, importing means transpiling) are imported here first.
  await Promise.all(builtinsToLoad(BUILTIN_PLUGINS, { cluster: sink === 'postgres' }).map(importBuiltin));
  const start = performance.now();
  const code = await main(['run', '--config', configPath], {
    streams,
    env,
    cwd: input.workDir,
    onSignal: () => () => undefined,
  });
  const ms = performance.now() - start;
  const countRows =
    sink === 'jsonl'
      ? () => countLines(join(input.workDir, 'users.jsonl'))
      : sink === 'postgres'
        ? () => countPostgresUsers(input.postgresUrl as string)
        : async () => countUsers(join(input.workDir, 'state', 'users.db'));
  return { ms, status: STATUS_OF_EXIT_CODE[code] ?? `exit ${code}`, countRows, stdout, stderr };
}
