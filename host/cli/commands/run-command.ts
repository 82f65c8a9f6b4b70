import { CancelledError, silentLogger, type RunResult } from 'tributary-kit';
import { runNow } from '../../serve/run-now.js';
import type { BuiltinCommand } from '../builtin-command.js';
import { exitCodeOf, formatRunResult, runResultJson } from '../format-run-result.js';
import { createProgressDisplay } from '../progress-display.js';
import { selectConnectors } from './select-connectors.js';
import { formatOption } from '../format-option.js';

export const runCommand: BuiltinCommand = {
  name: 'run',
  summary: 'Run connectors now and print their execution-log entries',
  help: `Usage: tributary run [nqlId…] [--dry-run] [--allow-shrink] [--full] [--format text|json] [--config PATH]

Runs the named connectors (all when none is named), one after the other, and prints each one's
execution-log entry. A connector that cannot run (an invalid mapping, a refused secret) gets a
failure entry; the others still run. On a terminal a progress line shows rows, rows/s and the ETA
from the source's announced total; otherwise a plain line every few seconds.

  --dry-run        read and map everything, write nothing to the sink (still logged, marked
                   details.dry_run; the guards are checked and say whether a real run would commit)
  --allow-shrink   let the shrink guard accept this run (an intended drop in rows or in a field's
                   values) or the leaver guard (many users to clear or delete): it commits and
                   becomes the connector's new baseline
  --full           an incremental connector reads everything this time (a full reconciliation:
                   leavers are found, formula fields caught up); see docs/sync-modes.md
  --format json    print one JSON array of the execution-log entries (the fields of
                   logs --format json) instead of the text, for CI

A connector already running in another process on the same state dir (serve, or another run) is
not run again: it is reported and the exit code is 1. In a cluster (cluster: in the config) the
run holds the connector's cluster lease and runs here, at once; a connector running on any host is
reported the same way. A cluster database that cannot be reached runs nothing (exit 1); one lost
during a run fails that run. See docs/cluster.md.

SIGINT/SIGTERM stops the run in progress: the sink is aborted (nothing half-written) and the run
is logged as a failure.

Exit codes: 0 all succeeded, 3 some partial (none failed), 1 any failed, 2 usage or config error.`,
  valueOptions: ['format'],
  flags: ['dry-run', 'allow-shrink', 'full'],
  acceptsPositionals: true,
  async run({ args, io, loadHost, onSignal }) {
    const format = formatOption(args, 'run', ['text', 'json']);
    const host = await loadHost({ deferMappingErrors: true });
    // Taking over a stale lock is said on stderr whatever the log level: the operator should know.
    const lockLogger = { ...silentLogger, warn: (message: string) => io.stderr.write(`warning: ${message}\n`) };
    const controller = new AbortController();
    const off = onSignal((signal) => controller.abort(new CancelledError(`Cancelled by ${signal}`)));
    try {
      const results: RunResult[] = [];
      let skipped = 0;
      for (const connector of selectConnectors(host, args.positionals)) {
        if (controller.signal.aborted) break;
        const progress = createProgressDisplay((t) => io.stderrControl(t), io.stderrIsTTY);
        const outcome = await runNow(
          host,
          connector.nqlId,
          {
            dryRun: args.options['dry-run'] === true,
            allowShrink: args.options['allow-shrink'] === true,
            full: args.options['full'] === true ? 'asked for (run --full)' : undefined,
            signal: controller.signal,
            onProgress: (p) => progress.update(p),
          },
          { lockLogger },
        );
        progress.done();
        if (!outcome.result) {
          io.stderr.write(`${connector.nqlId}: not run: it is already running (${outcome.heldBy})\n`);
          skipped++;
          continue;
        }
        if (format === 'text') io.stdout.write(formatRunResult(outcome.result));
        results.push(outcome.result);
      }
      if (format === 'json') io.stdout.write(`${JSON.stringify(results.map(runResultJson), null, 2)}\n`);
      return skipped ? 1 : exitCodeOf(results);
    } finally {
      off();
      await host.close();
    }
  },
};
