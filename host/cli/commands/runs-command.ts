import {
  ConfigError,
  formatCount,
  type Actor,
  type CommandArgs,
  type HeldRunView,
  type LiveRunView,
} from 'tributary-kit';
import { closestName } from 'tributary-kit/internal/core/closest-name.js';
import type { BuiltinCommand } from '../builtin-command.js';
import type { CliIo } from '../cli-io.js';
import { formatDuration } from '../format-number.js';
import { listFormat, onePositional, reportOutcome, withOperations, type CliOperations } from './cli-operations.js';
import { textTable, utcSecond } from './text-table.js';

const USAGE = 'Usage: tributary runs <held|live|approve|reject|cancel> [runId] [--format table|json] [--config PATH]';

interface Subcommand {
  /** Takes a run id (and no --format). */
  readonly action: boolean;
  run(operations: CliOperations, args: CommandArgs, io: CliIo, actor: Actor): Promise<number>;
}

const runId = (args: CommandArgs): string => onePositional(args.positionals.slice(1), 'run id', USAGE);

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  held: {
    action: false,
    run: async (operations, args, io) =>
      printList(io, listFormat(args, 'runs held'), await operations.heldRuns(), heldTable, 'No held runs waiting.'),
  },
  live: {
    action: false,
    run: async (operations, args, io) =>
      printList(io, listFormat(args, 'runs live'), await operations.liveRuns(), liveTable, 'No runs in progress.'),
  },
  approve: {
    action: true,
    run: async (operations, args, io, actor) =>
      reportOutcome(io, await operations.decide(runId(args), 'approved', actor)),
  },
  reject: {
    action: true,
    run: async (operations, args, io, actor) =>
      reportOutcome(io, await operations.decide(runId(args), 'rejected', actor)),
  },
  cancel: {
    action: true,
    run: async (operations, args, io, actor) => reportOutcome(io, await operations.cancel(runId(args), actor)),
  },
};

export const runsCommand: BuiltinCommand = {
  name: 'runs',
  summary: 'Held runs and runs in progress: list them, approve or reject a held run, cancel a run',
  help: `${USAGE}

Works on the runs of every process that shares the config's state (the state dir, or in a cluster
its database): no serve needed. A run held in one terminal (its changes exceed hold:) is approved
from another, and in a cluster from any host.

  runs held              held runs waiting for a decision, oldest first: run id, connector, host,
                         held since, deadline (rejected then), the rows and the counts it holds for
                         (leavers, values cleared, users changed) and why
  runs approve <runId>   lets the held run commit; its description says who approved it
  runs reject <runId>    fails the held run: it commits nothing
  runs live              runs in progress: phase, rows received and processed, rows/s and the ETA
                         when the source announced its rows
  runs cancel <runId>    asks the run's process to stop it (within seconds): nothing is committed

  --format json          held and live: one JSON array (the objects serve's API gives)

Every approve, reject and cancel is recorded in the audit trail (tributary audit) with the actor
cli:<your OS user name>. The first decision on a held run wins: a second one is refused and says
who decided. Times are UTC.

Exit codes: 0 listed or done, 1 an unknown run or one decided already, 2 usage or config error.`,
  valueOptions: ['format'],
  flags: [],
  acceptsPositionals: true,
  async run({ args, io, loadHost }) {
    const subcommand = subcommandOf(args);
    if (SUBCOMMANDS[subcommand]!.action && args.options['format'] !== undefined)
      throw new ConfigError('USAGE', `--format is for runs held and runs live, not runs ${subcommand}\n${USAGE}`);
    if (!SUBCOMMANDS[subcommand]!.action && args.positionals.length > 1)
      throw new ConfigError('USAGE', `runs ${subcommand} takes no run id\n${USAGE}`);
    return withOperations({ loadHost }, (operations, actor) =>
      SUBCOMMANDS[subcommand]!.run(operations, args, io, actor),
    );
  },
};

/** The subcommand named first; a usage error (with the closest one) for a missing or unknown one. */
function subcommandOf(args: CommandArgs): string {
  const [name] = args.positionals;
  const known = Object.keys(SUBCOMMANDS);
  if (name !== undefined && Object.hasOwn(SUBCOMMANDS, name)) return name;
  if (name === undefined) throw new ConfigError('USAGE', `runs needs a subcommand: ${known.join(', ')}\n${USAGE}`);
  const suggestion = closestName(name, known);
  throw new ConfigError(
    'USAGE',
    `Unknown runs subcommand "${name}"${suggestion ? ` (did you mean runs ${suggestion}?)` : ''}: ${known.join(', ')}\n${USAGE}`,
  );
}

function printList<T>(
  io: CliIo,
  format: 'table' | 'json',
  items: readonly T[],
  table: (items: readonly T[]) => string,
  none: string,
): number {
  if (format === 'json') io.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
  else io.stdout.write(items.length === 0 ? `${none}\n` : table(items));
  return 0;
}

const count = (n: number | undefined): string => (n === undefined ? '-' : formatCount(n));

function heldTable(runs: readonly HeldRunView[]): string {
  return textTable(
    [
      { header: 'RUN ID' },
      { header: 'CONNECTOR' },
      { header: 'HOST' },
      { header: 'HELD SINCE' },
      { header: 'DEADLINE' },
      { header: 'ROWS', numeric: true },
      { header: 'LEAVERS', numeric: true },
      { header: 'CLEARED', numeric: true },
      { header: 'CHANGED', numeric: true },
      { header: 'REASONS' },
    ],
    runs.map((r) => [
      r.runId,
      r.nqlId,
      r.host,
      utcSecond(r.heldAt),
      utcSecond(r.deadline),
      count(r.counts.processedRows),
      count(r.counts.leavers),
      count(r.counts.clearedValues),
      count(r.counts.changedUsers),
      r.reasons.join('; '),
    ]),
  );
}

function liveTable(runs: readonly LiveRunView[]): string {
  return textTable(
    [
      { header: 'RUN ID' },
      { header: 'CONNECTOR' },
      { header: 'HOST' },
      { header: 'PHASE' },
      { header: 'STARTED' },
      { header: 'ROWS', numeric: true },
      { header: 'EXPECTED', numeric: true },
      { header: 'PROCESSED', numeric: true },
      { header: 'ROWS/S', numeric: true },
      { header: 'ETA', numeric: true },
      { header: 'CANCEL REQUESTED' },
    ],
    runs.map((r) => [
      r.runId,
      r.nqlId,
      r.host,
      r.phase,
      utcSecond(r.startedAt),
      formatCount(r.receivedRows),
      count(r.expectedRows),
      formatCount(r.processedRows),
      r.rowsPerSecond.toFixed(1),
      r.etaSeconds === undefined ? '-' : formatDuration(r.etaSeconds * 1000),
      r.cancelRequested ? `by ${r.cancelRequested.by} at ${utcSecond(r.cancelRequested.at)}` : '',
    ]),
  );
}
