import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsxApiUrl } from 'tributary-kit/internal/kernel/mapping/tsx-api-url.js';
import { ensureBuilt, REPO } from '../scaffold/generated-package.js';
import { runCli } from '../support/run-cli.js';

const BEFORE = '{"identifier":"old@example.com","fields":{"department":"Kept"}}\n'.repeat(40);
const RUNAWAY = `$match("${'a'.repeat(40)}!", /^(a+)+$/)`;

/**
 * A plugin module for the compiled CLI: one batch of 40 rows, announced on stdout before it is delivered.
 * It also says on stdout when the mapping worker of serve's process runs away (test/support's helper,
 * loaded through tsx's scoped `tsImport`: the CLI itself runs without tsx).
 */
const plugin = `import { syntheticConnector, testPlugin } from ${JSON.stringify(pathToFileURL(join(REPO, 'dist/testing.js')).href)};
import { tsImport } from ${JSON.stringify(tsxApiUrl())};
const { whenMappingRunsAway } = await tsImport(${JSON.stringify(pathToFileURL(join(REPO, 'test/support/mapping-runs-away.ts')).href)}, import.meta.url);
void whenMappingRunsAway().then(() => process.stdout.write('mapping runs away\\n'));
export default testPlugin({
  id: 'one-batch',
  connectorTemplates: [syntheticConnector({ id: 'one-batch', rows: 40, batchSize: 40, beforeBatch: () => void process.stdout.write('batch delivered\\n') })],
});
`;

describe('serve: SIGTERM while a runaway expression maps a batch (the real CLI, bin/tributary.js)', function () {
  this.timeout(120_000);
  let dir: string;
  let child: ChildProcess | undefined;
  before(async () => ensureBuilt());
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tributary-runaway-'))));
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0, logs failure "Cancelled by shutdown", and leaves the jsonl file byte-identical', async () => {
    const output = join(dir, 'users.jsonl');
    writeFileSync(output, BEFORE);
    writeFileSync(join(dir, 'one-batch.mjs'), plugin);
    const config = {
      plugins: ['./one-batch.mjs'],
      state: { dir: join(dir, 'state') },
      // Only the cancellation can stop the runaway row before the test's timeout: neither its own
      // budget nor the batch's ends it (serve gives up on a run 30 s after SIGTERM, and exits 1).
      limits: { expressionTimeoutMs: 600_000, mappingBatchTimeoutMs: 600_000 },
      sinks: [{ id: 'export', type: 'jsonl', path: output }],
      connectors: [
        {
          nqlId: 'runaway',
          name: 'Runaway mapping',
          connector: 'one-batch',
          sink: 'export',
          schedule: { cron: '* * * * * *' },
          mapping: {
            identification: 'Username',
            fields: [
              { source: 'Department', target: 'department' },
              { source: RUNAWAY, target: 'evil' },
            ],
          },
        },
      ],
    };
    const path = join(dir, 'tributary.config.json');
    writeFileSync(path, JSON.stringify(config, null, 2));

    child = spawn(process.execPath, [join(REPO, 'bin/tributary.js'), 'serve', '--config', path], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const printed = (line: string): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        const look = (): void => void (text.includes(line) && resolve());
        for (const stream of [child!.stdout!, child!.stderr!]) stream.on('data', look);
        look();
        void exited.then(() => reject(new Error(`serve exited before printing "${line}":\n${text}`)));
      });
    for (const stream of [child.stdout!, child.stderr!])
      stream.setEncoding('utf8').on('data', (chunk: string) => void (text += chunk));
    await printed('batch delivered');
    // The batch is being mapped: once the expression has run away, stop serve.
    await printed('mapping runs away');
    child.kill('SIGTERM');
    const [code, signal] = await exited;
    expect([code, signal], text).to.deep.equal([0, null]);

    const logs = await runCli(['logs', '--config', path, '--format', 'json']);
    const entries = JSON.parse(logs.stdout) as Array<Record<string, unknown>>;
    expect(entries.map((e) => [e['details.nql_id'], e['status'], e['details.description']])).to.deep.equal([
      ['runaway', 'failure', 'Cancelled by shutdown'],
    ]);
    expect(readFileSync(output, 'utf8')).to.equal(BEFORE);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).to.deep.equal([]);
  });
});
