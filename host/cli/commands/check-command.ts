import type { BuiltinCommand } from '../builtin-command.js';
import { formatCount } from '../format-number.js';
import { selectConnectors } from './select-connectors.js';

export const checkCommand: BuiltinCommand = {
  name: 'check',
  summary: 'Authenticate, read one page and try the mapping; writes nothing',
  help: `Usage: tributary check [nqlId…] [--config PATH]

For each connector (all when none is named): authenticates, runs the query for one page, checks
what came back (for Salesforce: records of type User), compiles the mapping and shows what would
be written for the first sample records. Nothing is written and nothing is logged.

Exit codes: 0 every connector passed, 1 any failed, 2 config error.`,
  valueOptions: [],
  flags: [],
  acceptsPositionals: true,
  async run({ args, io, loadHost }) {
    const host = await loadHost({ deferMappingErrors: true });
    try {
      let failed = 0;
      for (const connector of selectConnectors(host, args.positionals)) {
        const report = await host.check(connector.nqlId);
        if (!report.ok) failed++;
        io.stdout.write(`${report.ok ? 'PASS' : 'FAIL'} ${report.nqlId} (${connector.name})\n`);
        for (const message of report.messages) io.stdout.write(`  ${message}\n`);
        if (report.expectedRows !== undefined) io.stdout.write(`  The source announces ${formatCount(report.expectedRows)} rows\n`);
        for (const row of report.preview) {
          io.stdout.write('error' in row ? `  sample row rejected: ${row.error}\n` : `  would write ${JSON.stringify(row.identifier)}: ${JSON.stringify(row.fields)}\n`);
        }
      }
      return failed ? 1 : 0;
    } finally {
      await host.close();
    }
  },
};
