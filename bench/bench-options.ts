/**
 * Command-line options of `npm run bench`.
 */
export interface BenchOptions {
  /** Sandbox users (rows of the sync). */
  readonly rows: number;
  readonly rounds: number;
  /** One JSON object on stdout instead of the text report. */
  readonly json: boolean;
  /** The 3,000,500-user default-limit sync into SQLite instead of the comparison. */
  readonly scale: boolean;
  /** Skip the mapping micro-benchmark and the per-UPN counter figure. */
  readonly quick: boolean;
  /** Only these scenarios (default: all). */
  readonly only: readonly string[] | undefined;
  /** Write a V8 CPU profile of every scenario's measured section into this folder. */
  readonly profileDir: string | undefined;
  /** Extra Node flags for the scenario children (experiments, e.g. `--max-semi-space-size=32`). */
  readonly childFlags: readonly string[];
  /**
   * The latency scenario: the sandbox answers at the pace of the pinned latency model, Salesforce-like
   * (600 ms for a query's first page, 250 ms + 150 µs per record for each further one, 4 MB/s).
   */
  readonly latency: boolean;
  /** An incremental connector's change read over 3,000,000 users (or --rows), `changedPercent` of them changed. */
  readonly incremental: boolean;
  /** The change ledger's cost: a sync of 200,000 users (or --rows) with 10 % changed (or --changed), with and without it. */
  readonly ledger: boolean;
  /** The CLI's start-up: `node -e ''`, then the built `tributary --help`, `validate` and `logs` (10 rounds unless --rounds). */
  readonly startup: boolean;
  /** A plugin author's development install: the scaffold plus tributary-kit, packed, from an empty npm cache. */
  readonly devInstall: boolean;
  readonly changedPercent: number;
  /** `parameters.api` of the scale run (default: the connector's default, auto). */
  readonly api: 'rest' | 'bulk' | 'auto' | undefined;
  /** Extra connector parameters for the Tributary scenarios (`--set concurrency=4`), for measuring their defaults. */
  readonly parameters: Readonly<Record<string, string | number>>;
}

const DEFAULT_ROWS = 200_000;
const SCALE_ROWS = 3_000_500;
const LATENCY_ROWS = 300_000;
const INCREMENTAL_ROWS = 3_000_000;
const STARTUP_ROUNDS = 10;

const USAGE = `Usage: npm run bench -- [--rows N] [--rounds N] [--json] [--scale] [--quick] [--only a,b] [--startup] [--dev-install]

  --rows N     sandbox users, i.e. rows per sync (default 200,000)
  --rounds N   rounds of every scenario; medians are reported (default 3)
  --json       print one JSON object instead of the text report
  --scale      the 3,000,500-user default-limit sync into sqlite (same as --rows 3000500)
  --quick      skip the mapping micro-benchmark and the per-UPN counter memory figure
  --only LIST  run only these scenarios: tributary-jsonl, tributary-sqlite, tributary-postgres (a local
               PostgreSQL is started for it), tributary-jsonl-jsonata, jsforce-jsonata, ceiling
               (with --latency: tributary-rest, tributary-bulk, jsforce-jsonata)
  --latency    the latency scenario: 300,000 users (or --rows), the sandbox at the pace of the pinned
               latency model; wall time, API calls, peak concurrency and RSS of Tributary (api: rest and
               api: bulk) and the jsforce script, beside the sequential floor; 1 round unless --rounds
               (with --scale: the 3,000,500-user sync under the latency model)
  --incremental  an incremental connector over 3,000,000 users (or --rows): its first run (a full read,
               no latency model), then its change read with 1 % of the users changed (or --changed P)
               under the latency model: wall time, API calls, against a full read's sequential floor
  --ledger     the change ledger's cost: 200,000 users (or --rows) synced into sqlite, then again with
               10 % of them changed (or --changed P), with and without the ledger; rows/s of the
               second sync, its ratio, the entries recorded and their size
  --startup    the built CLI's start-up (npm run build first): node -e '', then tributary --help, validate
               and logs on a small config, 10 rounds (or --rounds), medians and ratios to bare node
  --dev-install  a plugin author's development install: the scaffolded connector plugin and tributary-kit
               (packed) installed by npm from an empty cache (needs the registry and npm run build): wall
               time, size of node_modules, its native modules and its largest packages
  --api A      with --scale: parameters.api of the sync (rest, bulk or auto; default the connector's)
  --set K=V    a connector parameter for the Tributary scenarios, e.g. --set concurrency=4 (repeatable)
  --child-flags "F…"  extra Node flags for every scenario child, e.g. "--max-semi-space-size=32"
  --profile DIR  write a CPU profile of every scenario child into DIR (summarise one with
               node --import tsx bench/profile-summary.ts FILE)`;

function positiveInteger(name: string, text: string | undefined): number {
  const value = Number(text?.replace(/[_,]/g, ''));
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} needs a whole number >= 1, got ${String(text)}\n\n${USAGE}`);
  return value;
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let rows = DEFAULT_ROWS;
  let rounds = 3;
  let json = false;
  let scale = false;
  let quick = false;
  let only: string[] | undefined;
  let profileDir: string | undefined;
  let childFlags: string[] = [];
  let latency = false;
  let incremental = false;
  let ledger = false;
  let startup = false;
  let devInstall = false;
  let changedPercent: number | undefined;
  let api: BenchOptions['api'];
  let roundsGiven = false;
  let rowsGiven = false;
  const parameters: Record<string, string | number> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (name === '--rows') {
      rows = positiveInteger('--rows', value());
      rowsGiven = true;
    } else if (name === '--rounds') {
      rounds = positiveInteger('--rounds', value());
      roundsGiven = true;
    } else if (name === '--latency') latency = true;
    else if (name === '--incremental') incremental = true;
    else if (name === '--ledger') ledger = true;
    else if (name === '--startup') startup = true;
    else if (name === '--dev-install') devInstall = true;
    else if (name === '--changed') {
      changedPercent = Number(value());
      if (!(changedPercent > 0 && changedPercent <= 100))
        throw new Error(`--changed needs a percentage above 0 and at most 100\n\n${USAGE}`);
    } else if (name === '--set') {
      const pair = /^(\w+)=(.+)$/.exec(value() ?? '');
      if (!pair) throw new Error(`--set needs KEY=VALUE\n\n${USAGE}`);
      parameters[pair[1] as string] = /^\d+$/.test(pair[2] as string) ? Number(pair[2]) : (pair[2] as string);
    } else if (name === '--api') {
      const text = value();
      if (text !== 'rest' && text !== 'bulk' && text !== 'auto')
        throw new Error(`--api needs rest, bulk or auto, got ${String(text)}\n\n${USAGE}`);
      api = text;
    } else if (name === '--json') json = true;
    else if (name === '--scale') scale = true;
    else if (name === '--quick') quick = true;
    else if (name === '--only') only = (value() ?? '').split(',').filter(Boolean);
    else if (name === '--profile') profileDir = value();
    else if (name === '--child-flags') childFlags = (value() ?? '').split(/\s+/).filter(Boolean);
    else if (name === '--help' || name === '-h') throw new Error(USAGE);
    else throw new Error(`Unknown option ${arg}\n\n${USAGE}`);
  }
  if (rows === SCALE_ROWS) scale = true;
  if (scale) rows = SCALE_ROWS;
  if (latency && !scale && !rowsGiven) rows = LATENCY_ROWS;
  if (latency && !roundsGiven) rounds = 1;
  if (incremental && !rowsGiven) rows = INCREMENTAL_ROWS;
  if (startup && !roundsGiven) rounds = STARTUP_ROUNDS;
  return {
    rows,
    rounds,
    json,
    scale,
    quick,
    only,
    profileDir,
    childFlags,
    latency,
    incremental,
    ledger,
    startup,
    devInstall,
    changedPercent: changedPercent ?? (ledger ? 10 : 1),
    api,
    parameters,
  };
}
