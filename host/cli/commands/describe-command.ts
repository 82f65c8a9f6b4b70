import type { DescribeReport } from 'tributary-kit/internal/kernel/run/describe-connector.js';
import type { BuiltinCommand } from '../builtin-command.js';
import { fieldTable } from '../field-table.js';
import { formatCount } from '../format-number.js';
import { selectConnectors } from './select-connectors.js';

export const describeCommand: BuiltinCommand = {
  name: 'describe',
  summary: "List the source's fields and their types; writes nothing",
  help: `Usage: tributary describe [nqlId…] [--json] [--config PATH]

For each connector (all when none is named): asks its source which fields it offers, through the
connector's template and credential, and prints them with their types and labels (Salesforce: the
describe of the object the query reads, then, one level deep, of the objects its lookups lead to:
Manager.Email). Below each table, the fields the query selects or the mapping reads that the source
does not offer as written, with the closest name it does offer. A template that cannot list its
source's fields says so. Nothing is written and nothing is logged.

  --json   one JSON array, one object per connector (nqlId, name, ok, error, apiCalls, fields,
           findings, warnings)

Exit codes: 0 every connector described, 1 any was not (its template cannot list fields, or the
source refused), 2 config error. Fields flagged below a table do not change the exit code: check
and validate --online fail on them.`,
  valueOptions: [],
  flags: ['json'],
  acceptsPositionals: true,
  async run({ args, io, loadHost }) {
    const json = args.options['json'] === true;
    const host = await loadHost({ deferMappingErrors: true });
    try {
      let failed = 0;
      const reports: Array<Record<string, unknown>> = [];
      for (const connector of selectConnectors(host, args.positionals)) {
        const report = await host.describe(connector.nqlId);
        if (!report.ok) failed++;
        if (json) reports.push(toJson(report, connector.name));
        else io.stdout.write(formatReport(report, connector.name));
      }
      if (json) io.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
      return failed ? 1 : 0;
    } finally {
      await host.close();
    }
  },
};

/** One connector as the text output shows it: a heading, the table (or why there is none), then the findings. */
function formatReport(report: DescribeReport, name: string): string {
  const calls = `${formatCount(report.apiCalls)} API call${report.apiCalls === 1 ? '' : 's'}`;
  const lines = report.fields
    ? [
        `${report.nqlId} (${name}): ${formatCount(report.fields.length)} field${report.fields.length === 1 ? '' : 's'} (${calls})\n`,
        fieldTable(report.fields),
      ]
    : [`${report.nqlId} (${name}): not described: ${report.error ?? 'no fields'}\n`];
  for (const warning of report.warnings) lines.push(`  Warning: ${warning}\n`);
  for (const finding of report.findings) lines.push(`  ${finding.message}\n`);
  return lines.join('');
}

/** The report as `describe --json` prints it: fixed key order, absent values as null. */
function toJson(report: DescribeReport, name: string): Record<string, unknown> {
  return {
    nqlId: report.nqlId,
    name,
    ok: report.ok,
    error: report.error ?? null,
    apiCalls: report.apiCalls,
    fields: report.fields ?? null,
    findings: report.findings,
    warnings: report.warnings,
  };
}
