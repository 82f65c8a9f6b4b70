import type { CheckReport } from 'tributary-kit/internal/kernel/run/check-connector.js';
import type { BuiltinCommand } from '../builtin-command.js';
import { formatCount } from '../format-number.js';
import { selectConnectors } from './select-connectors.js';
import { formatOption } from '../format-option.js';

export const checkCommand: BuiltinCommand = {
  name: 'check',
  summary: 'Authenticate, read one page and try the mapping; writes nothing',
  help: `Usage: tributary check [nqlId…] [--format text|json] [--config PATH]

For each connector (all when none is named): authenticates, runs the query for one page, checks
what came back (for Salesforce: records of type User), compares the fields the query selects and
the mapping's plain paths with the source's own (when its template can describe them, as
tributary describe lists them: a misspelt field gets a did-you-mean), compiles the mapping, tries
it on every sample record the connector returned (Salesforce: the first page, up to 200 records),
says on how many of them the identification and each field source resolved, and shows what would
be written for the first three. A connector fails when its own check fails, when a field is not
the source's as written, or when the identification or a field source resolves on none of the
sample records. Nothing is written and nothing is logged.

  --format json   one JSON array, one object per connector (nqlId, name, ok, messages,
                  expectedRows, sampleRecords, resolution, fieldFindings, preview)

Exit codes: 0 every connector passed, 1 any failed, 2 config error.`,
  valueOptions: ['format'],
  flags: [],
  acceptsPositionals: true,
  async run({ args, io, loadHost }) {
    const format = formatOption(args, 'check', ['text', 'json']);
    const host = await loadHost({ deferMappingErrors: true });
    try {
      let failed = 0;
      const reports: Array<CheckReport & { name: string }> = [];
      for (const connector of selectConnectors(host, args.positionals)) {
        const report = await host.check(connector.nqlId);
        if (!report.ok) failed++;
        if (format === 'json') {
          reports.push({ ...report, name: connector.name });
          continue;
        }
        io.stdout.write(`${report.ok ? 'PASS' : 'FAIL'} ${report.nqlId} (${connector.name})\n`);
        for (const message of report.messages) io.stdout.write(`  ${message}\n`);
        if (report.expectedRows !== undefined)
          io.stdout.write(`  The source announces ${formatCount(report.expectedRows)} rows\n`);
        for (const row of report.preview) {
          io.stdout.write(
            'error' in row
              ? `  sample row rejected: ${row.error}\n`
              : `  would write ${JSON.stringify(row.identifier)}: ${JSON.stringify(row.fields)}\n`,
          );
        }
      }
      if (format === 'json') io.stdout.write(`${JSON.stringify(reports.map(toJson), null, 2)}\n`);
      return failed ? 1 : 0;
    } finally {
      await host.close();
    }
  },
};

/** The report as `check --format json` prints it: fixed key order, absent values as null. */
function toJson(r: CheckReport & { name: string }): Record<string, unknown> {
  return {
    nqlId: r.nqlId,
    name: r.name,
    ok: r.ok,
    messages: r.messages,
    expectedRows: r.expectedRows ?? null,
    sampleRecords: r.sampleRecords,
    resolution: r.resolution ?? null,
    fieldFindings: r.fieldFindings ?? [],
    preview: r.preview,
  };
}
