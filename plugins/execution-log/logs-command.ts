import {
  DEFAULT_NQL,
  NQL_EXAMPLES,
  NqlSyntaxError,
  queryLogs,
  type CliCommand,
  type CommandArgs,
  type CommandIo,
  type ExecutionLogStore,
} from '../../core/index.js';
import { OUTPUT_FORMATS, formatRows, type OutputFormat } from './output/format-rows.js';

const USAGE_ERROR = 2;

/** `tributary logs [NQL] [--format table|json|csv]`: queries the execution log. */
export function createLogsCommand(store: () => ExecutionLogStore, now: () => Date = () => new Date()): CliCommand {
  return {
    name: 'logs',
    summary: 'Query the execution log with NQL (default: the 20 newest entries)',
    help: [
      'Usage: tributary logs [NQL] [--format table|json|csv] [--running]',
      '',
      'Runs an NQL query over platform.inbound_connector_logs, one entry per execution.',
      `Without a query: ${DEFAULT_NQL}`,
      '',
      'Examples:',
      ...NQL_EXAMPLES.map((q) => `  tributary logs '${q}'`),
      '',
      'Options:',
      '  --format table|json|csv   output format (default: table)',
      '  --running                 in a cluster: the runs in progress on every host, instead of the log',
      '',
      'See docs/execution-log.md for the fields and the grammar.',
    ].join('\n'),
    valueOptions: ['format'],
    flags: ['running'],
    async run(args: CommandArgs, io: CommandIo): Promise<number> {
      const format = args.options.format ?? 'table';
      if (typeof format !== 'string' || !(OUTPUT_FORMATS as readonly string[]).includes(format)) {
        io.stderr.write(`Unknown --format ${JSON.stringify(String(format))}: expected ${OUTPUT_FORMATS.join(', ')}\n`);
        return USAGE_ERROR;
      }
      const nql = args.positionals.join(' ');
      if (args.options.running === true) {
        const source = store();
        if (nql || !source.running) {
          io.stderr.write(nql ? '--running takes no query\n' : 'Runs in progress are listed in a cluster (cluster: in the config); on one machine, see the lock files in <state.dir>/locks\n');
          return USAGE_ERROR;
        }
        io.stdout.write(formatRows(await source.running(), format as OutputFormat));
        return 0;
      }
      try {
        const result = await queryLogs(store(), nql, now());
        io.stdout.write(formatRows(result, format as OutputFormat));
        return 0;
      } catch (error) {
        if (error instanceof NqlSyntaxError) {
          io.stderr.write(`${error.message}\n${pointAt(nql, error.column)}`);
          return USAGE_ERROR;
        }
        throw error;
      }
    },
  };
}

/** The query with a caret under the offending column (single-line queries only). */
function pointAt(query: string, column: number): string {
  if (/[\r\n]/.test(query)) return '';
  return `  ${query}\n  ${' '.repeat(Math.max(0, column - 1))}^\n`;
}
