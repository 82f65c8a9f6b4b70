import { silentLogger } from 'tributary-kit';
import { serveHost } from '../../serve/scheduler/serve-host.js';
import { serverFromConfig } from '../../serve/server/start-server.js';
import type { BuiltinCommand } from '../builtin-command.js';

export const serveCommand: BuiltinCommand = {
  name: 'serve',
  summary: 'Run every connector on its schedule until SIGINT/SIGTERM',
  help: `Usage: tributary serve [--config PATH]

Loads and validates the config once (a broken config exits 2 and nothing is scheduled), prints the
next run time of each connector and runs each on its schedule. Never two runs of one connector at
once, across processes sharing the state dir too (a tick that finds the previous run still going is
skipped with a warning); runs of different connectors overlap up to maxConcurrentRuns.

SIGHUP or a change of the config file reloads it and reschedules; a broken new config keeps the
current schedule and says why. SIGINT/SIGTERM: no new runs; runs in progress are cancelled, logged
as failure ("Cancelled by shutdown") with their sinks aborted, then serve exits 0.

With server.listen in the config, serve also answers HTTP: /healthz, /readyz, /metrics, the JSON
API under /api/ and the web console at /console (docs/operations.md).

In a cluster (cluster: in the config), serve schedules nothing until it reaches the database: while
it cannot, it says why and tries again (1 s, then twice as long each time, up to 30 s), and /readyz
answers 503. A database lost later fails the runs that need it; serve goes on (docs/cluster.md).

See docs/scheduling.md.`,
  valueOptions: [],
  flags: [],
  acceptsPositionals: false,
  async run({ hostOptions, loadHost }) {
    const logger = hostOptions.logger ?? silentLogger;
    return serveHost({
      loadHost: () => loadHost({ deferMappingErrors: true, server: true }),
      logger,
      startServer: serverFromConfig(logger),
    });
  },
};
