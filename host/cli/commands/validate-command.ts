import type { ConnectorConfig } from 'tributary-kit';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';
import type { CliIo } from '../cli-io.js';
import type { BuiltinCommand } from '../builtin-command.js';
import { formatCount } from '../format-number.js';

export const validateCommand: BuiltinCommand = {
  name: 'validate',
  summary: 'Check the config file offline (schema, plugins, references, mappings); --online: fields too',
  help: `Usage: tributary validate [--online] [--config PATH]

Loads the config and every plugin and checks everything that can be checked without the network:
the schema, each credential, sink and connector against its type, references between them, and
every JSONata expression. Prints every problem at once with its path.

  --online   then, for each connector whose template can describe its source (as tributary
             describe does, with the connector's credential), compares the fields its query
             selects and its mapping's plain paths (Department, Manager.Email) with the source's
             fields, and names each one the source does not offer as written, with a
             did-you-mean. Reads no records and writes nothing.

Exit codes: 0 valid, 2 invalid (with --online: a field the source does not offer), 1 a source
could not be described (--online).`,
  valueOptions: [],
  flags: ['online'],
  acceptsPositionals: false,
  async run({ args, io, loadHost }) {
    const host = await loadHost();
    try {
      const { connectors, credentials, sinks } = host.config;
      io.stdout.write(
        `Configuration OK${host.configPath ? ` (${host.configPath})` : ''}: ${connectors.length} connector${connectors.length === 1 ? '' : 's'}` +
          `${connectors.length ? ` (${connectors.map((c) => c.nqlId).join(', ')})` : ''}, ${credentials.length} credential${credentials.length === 1 ? '' : 's'}, ` +
          `${sinks.length} sink${sinks.length === 1 ? '' : 's'}\n`,
      );
      if (args.options['online'] !== true) return 0;
      let flagged = 0;
      let failed = 0;
      for (const connector of connectors) {
        const verdict = await validateOnline(host, connector, io);
        if (verdict === 'flagged') flagged++;
        if (verdict === 'failed') failed++;
      }
      return flagged ? 2 : failed ? 1 : 0;
    } finally {
      await host.close();
    }
  },
};

/** One connector's fields against its source's, printed like check prints a connector. */
async function validateOnline(
  host: Host,
  connector: ConnectorConfig,
  io: CliIo,
): Promise<'passed' | 'skipped' | 'flagged' | 'failed'> {
  const report = await host.describe(connector.nqlId);
  const heading = `${connector.nqlId} (${connector.name})`;
  const verdict = report.findings.length ? 'flagged' : report.ok ? 'passed' : report.unsupported ? 'skipped' : 'failed';
  const lines = [`${verdict === 'passed' ? 'PASS' : verdict === 'skipped' ? 'SKIP' : 'FAIL'} ${heading}`];
  if (report.fields) lines.push(`The source describes ${formatCount(report.fields.length)} fields`);
  else lines.push(`The fields were not checked: ${report.error ?? 'the source could not be described'}`);
  for (const warning of report.warnings) lines.push(`Warning: ${warning}`);
  for (const finding of report.findings) lines.push(finding.message);
  if (verdict === 'passed')
    lines.push('Every field the query selects and every plain mapping path is one the source offers');
  io.stdout.write(lines.map((line, i) => (i === 0 ? `${line}\n` : `  ${line}\n`)).join(''));
  return verdict;
}
