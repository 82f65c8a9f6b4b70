/**
 * `npm run bench -- --startup`: how long the built CLI (bin/tributary.js, running dist/) takes to start
 * and finish light commands, against `node -e ''` on the same machine: `--help`, `validate` and `logs`
 * on a small config (the demo's connector, its secrets from the environment, an empty state folder).
 * Every round runs each command once, in turn, so that a busy machine slows them alike; a first round
 * warms the file cache and is not counted. Medians are reported.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarize, type Summary } from './stats.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(REPO, 'bin', 'tributary.js');

interface StartupScenario {
  readonly scenario: string;
  /** Node's arguments. */
  readonly argv: readonly string[];
  readonly ms: Summary;
  /** Median minus bare node's median. */
  readonly overBareMs: number;
  /** Median over bare node's median. */
  readonly ratio: number;
}

export interface StartupResult {
  readonly rounds: number;
  /** `node -e ''` first, then the CLI's commands. */
  readonly scenarios: readonly StartupScenario[];
}

const CONFIG = `state:
  dir: ./state
credentials:
  - id: sandbox
    name: Salesforce sandbox
    type: oauth2-client-credentials
    url: \${TRIBUTARY_DEMO_URL}
    clientId: \${TRIBUTARY_DEMO_CLIENT_ID}
    clientSecret: \${TRIBUTARY_DEMO_CLIENT_SECRET}
sinks:
  - { id: users, type: sqlite }
connectors:
  - nqlId: salesforce_user_attributes
    name: Salesforce user attributes
    connector: salesforce-user-attributes
    credentials: sandbox
    sink: users
    schedule: { recurrence: daily, at: "02:00", timezone: Europe/Zurich }
    parameters:
      query: SELECT Username, Department FROM User WHERE IsActive = true
    mapping:
      identification: Username
      fields:
        - { source: Department, target: department }
`;

const ENV = {
  TRIBUTARY_DEMO_URL: 'http://127.0.0.1:9',
  TRIBUTARY_DEMO_CLIENT_ID: 'startup-bench',
  TRIBUTARY_DEMO_CLIENT_SECRET: 'startup-bench-secret',
};

/** One run of `node …args`: wall milliseconds; a non-zero exit stops the benchmark with its stderr. */
function timed(args: readonly string[], cwd: string): number {
  const start = process.hrtime.bigint();
  const out = spawnSync(process.execPath, args, { cwd, env: { ...process.env, ...ENV }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (out.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${String(out.status ?? out.signal)}: ${out.stderr.trim()}`);
  return ms;
}

export function runStartup(options: { readonly rounds: number; readonly log: (line: string) => void }): StartupResult {
  if (!existsSync(join(REPO, 'dist', 'host', 'cli', 'main.js')))
    throw new Error('bin/tributary.js runs dist/: build it first (npm run build)');
  const dir = mkdtempSync(join(tmpdir(), 'tributary-startup-'));
  try {
    const config = join(dir, 'tributary.config.yaml');
    writeFileSync(config, CONFIG);
    const commands: ReadonlyArray<[string, readonly string[]]> = [
      ["node -e ''", ['-e', '']],
      ['tributary --help', [BIN, '--help']],
      ['tributary validate', [BIN, 'validate', '--config', config]],
      ['tributary logs', [BIN, 'logs', '--config', config]],
    ];
    const times = commands.map(() => [] as number[]);
    for (let round = 0; round <= options.rounds; round++) {
      if (round > 0) options.log(`startup round ${round}/${options.rounds}…`);
      commands.forEach(([, args], i) => {
        const ms = timed(args, dir);
        if (round > 0) times[i]!.push(ms);
      });
    }
    const bare = summarize(times[0]!).median;
    const scenarios = commands.map(([scenario, argv], i) => {
      const ms = summarize(times[i]!);
      return { scenario, argv, ms, overBareMs: ms.median - bare, ratio: ms.median / bare };
    });
    return { rounds: options.rounds, scenarios };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
