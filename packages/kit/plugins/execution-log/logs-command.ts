import {
  DEFAULT_NQL,
  NQL_EXAMPLES,
  NQL_TABLE,
  NqlSyntaxError,
  queryLogs,
  type CliCommand,
  type CommandArgs,
  type CommandIo,
  type ExecutionLogStore,
} from '../../core/index.js';
import { OUTPUT_FORMATS, formatRows, type OutputFormat } from './output/format-rows.js';
import { LOGS_COMMAND } from './commands.js';

const USAGE_ERROR = 2;

/** `logs` without a query on a terminal-sized table: the 20 newest entries, the columns that matter. */
const COMPACT_NQL = `${NQL_TABLE} | sort time desc | limit 20 | list time, status, details.nql_id, details.number_of_processed_rows, details.duration_ms, details.description`;
const COMPACT_HEADERS = {
  'details.nql_id': 'nql_id',
  'details.number_of_processed_rows': 'processed',
  'details.duration_ms': 'duration_ms',
  'details.description': 'description',
};
const COMPACT_WIDTH = 120;

/** `tributary logs [NQL] [--format table|json|csv]`: queries the execution log. */
export function createLogsCommand(store: () => ExecutionLogStore, now: () => Date = () => new Date()): CliCommand {
  return {
    ...LOGS_COMMAND,
    help: [
      'Usage: tributary logs [NQL] [--format table|json|csv] [--wide] [--running]',
      '',
      'Runs an NQL query over platform.inbound_connector_logs, one entry per execution.',
      `Without a query: ${DEFAULT_NQL}`,
      `(as a table: time, status, NQL ID, processed rows, duration and the description cut to fit ${COMPACT_WIDTH} columns;`,
      'every field with --wide or --format json|csv)',
      '',
      'Examples:',
      ...NQL_EXAMPLES.map((q) => `  tributary logs '${q}'`),
      '',
      'Options:',
      '  --format table|json|csv   output format (default: table)',
      '  --wide                    without a query, the table shows every field of the entries',
      '  --running                 in a cluster: the runs in progress on every host, instead of the log',
      '',
      'See docs/execution-log.md for the fields and the grammar.',
    ].join('\n'),
    valueOptions: ['format'],
    flags: ['wide', 'running'],
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
          io.stderr.write(
            nql
              ? '--running takes no query\n'
              : 'Runs in progress are listed in a cluster (cluster: in the config); on one machine, see the lock files in <state.dir>/locks\n',
          );
          return USAGE_ERROR;
        }
        io.stdout.write(formatRows(await source.running(), format as OutputFormat));
        return 0;
      }
      const compact = !nql.trim() && format === 'table' && args.options['wide'] !== true;
      try {
        const result = await queryLogs(store(), compact ? COMPACT_NQL : nql, now());
        io.stdout.write(
          formatRows(
            result,
            format as OutputFormat,
            compact ? { headers: COMPACT_HEADERS, maxWidth: COMPACT_WIDTH } : {},
          ),
        );
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
