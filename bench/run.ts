/**
 * `npm run bench`: Tributary against a jsforce + jsonata script and the fetch-and-parse ceiling on the
 * same pre-rendered sandbox pages, the mapping micro-benchmark and the per-UPN counter's memory; with
 * `--scale`, the 3,000,500-user default-limit sync; with `--latency`, the same against the pinned latency
 * model (Tributary's REST and Bulk reads, the jsforce script, the sequential floor); with `--incremental`,
 * an incremental connector's change read over 3,000,000 users; with `--ledger`, what the change ledger
 * costs; with `--startup`, how fast the built CLI starts, against bare node. See docs/performance.md.
 */
import { messageOf } from 'tributary-kit';
import { parseBenchOptions } from './bench-options.js';
import { runComparison } from './compare.js';
import { formatReport, type BenchReport } from './format-report.js';
import { checkGoals, checkLatencyGoals, checkStartupGoals } from './goals.js';
import { runIncremental } from './incremental.js';
import { runLedger } from './ledger.js';
import { runLatency } from './latency.js';
import { machineInfo } from './machine.js';
import { runMappingBench } from './mapping-bench.js';
import { runScale } from './scale.js';
import { runStartup } from './startup.js';
import { checkDevInstallGoals, runDevInstall } from './dev-install.js';
import { forkCounterMemory } from './upn-memory.js';

const UPN_COUNT = 3_000_000;

async function bench(argv: readonly string[]): Promise<void> {
  const options = parseBenchOptions(argv);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const machine = machineInfo();
  let report: BenchReport;
  if (options.devInstall) {
    const devInstall = runDevInstall({ log });
    report = { machine, devInstall, devInstallGoals: checkDevInstallGoals(devInstall) };
  } else if (options.startup) {
    const startup = runStartup({ rounds: options.rounds, log });
    report = { machine, startup, startupGoals: checkStartupGoals(startup) };
  } else if (options.ledger) {
    const ledger = await runLedger({
      rows: options.rows,
      rounds: options.rounds,
      changedPercent: options.changedPercent,
      childFlags: options.childFlags,
      log,
    });
    report = { machine, ledger };
  } else if (options.incremental) {
    const incremental = await runIncremental({
      rows: options.rows,
      changedPercent: options.changedPercent,
      childFlags: options.childFlags,
      log,
    });
    report = { machine, incremental };
  } else if (options.scale) {
    report = {
      machine,
      scale: await runScale({
        rows: options.rows,
        profileDir: options.profileDir,
        childFlags: options.childFlags,
        latency: options.latency,
        api: options.api,
        parameters: options.parameters,
        log,
      }),
    };
  } else if (options.latency) {
    const latency = await runLatency({
      rows: options.rows,
      rounds: options.rounds,
      only: options.only,
      childFlags: options.childFlags,
      parameters: options.parameters,
      log,
    });
    report = { machine, latency, latencyGoals: checkLatencyGoals(latency) };
  } else {
    const comparison = await runComparison({
      rows: options.rows,
      rounds: options.rounds,
      only: options.only,
      profileDir: options.profileDir,
      childFlags: options.childFlags,
      parameters: options.parameters,
      log,
    });
    report = { machine, comparison, goals: checkGoals(comparison) };
    if (!options.quick) {
      log('mapping micro-benchmark…');
      const mapping = await runMappingBench();
      log(`per-UPN counter memory for ${UPN_COUNT.toLocaleString('en-US')} UPNs…`);
      const upnCounter = [
        await forkCounterMemory('UpnCounter', UPN_COUNT),
        await forkCounterMemory('Map<string, number>', UPN_COUNT),
      ];
      report = { ...report, mapping, upnCounter };
    }
  }
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
}

try {
  await bench(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${messageOf(error)}\n`);
  process.exitCode = 1;
}
