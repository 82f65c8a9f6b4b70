import {
  CHANGE_ACTIONS,
  CHANGE_FIELDS,
  closestName,
  type ChangeAction,
  type ChangeLedger,
  type CliCommand,
  type CommandArgs,
  type CommandIo,
  type LedgerEntry,
  type LedgerFilter,
  type LogRow,
} from '../../core/index.js';
import { OUTPUT_FORMATS, formatRows, type OutputFormat } from './output/format-rows.js';
import { CHANGES_COMMAND } from './commands.js';

const USAGE_ERROR = 2;
const DEFAULT_LIMIT = 100;
/** The NQL fields of `platform.user_attribute_changes`, in its order, with the same values. */
const COLUMNS = CHANGE_FIELDS.map((f) => f.name);

const HELP = `Usage: tributary changes [--user X] [--run ID] [--field F] [--connector NQL_ID] [--action A]
                        [--flips] [--limit N] [--offset N] [--format table|json|csv]

Prints the change ledger, newest first: per committed run, user and field, the old value, the new
value and the action (added, changed, cleared, left). A change that undoes the previous change of
the same field of the same user is flagged as a flip.
  --user X         only this user (UPN or email, compared case-insensitively)
  --run ID         only this run (details.run_id)
  --field F        only this field
  --connector ID   only this connector (NQL ID)
  --action A       only added, changed, cleared or left
  --flips          only the changes flagged as flips
  --limit N        at most N changes (default ${DEFAULT_LIMIT}); --offset N skips the N newest
  --format F       table (default), json (one array of objects) or csv

The ledger is also queried with NQL: tributary logs 'platform.user_attribute_changes | where …'.
See docs/change-ledger.md.`;

function option(args: CommandArgs, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === 'string' ? value : undefined;
}

/** The filter options given empty: each would match nothing, or silently everything. */
const FILTERS = ['user', 'run', 'field', 'connector', 'action'] as const;

/** A whole number ≥ `min` from an option, undefined when absent; an Error when it is not one. */
function count(args: CommandArgs, name: string, min: number): number | undefined | Error {
  const text = option(args, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n >= min ? n : new Error(`--${name} must be a whole number of at least ${min}`);
}

const row = (e: LedgerEntry): LogRow => ({
  time: e.time,
  run_id: e.runId,
  nql_id: e.nqlId,
  identifier_kind: e.kind,
  identifier: e.identifier,
  field: e.field,
  old_value: e.oldValue,
  new_value: e.newValue,
  action: e.action,
  flip: String(e.flip),
});

/** The filter the options ask for, or what is wrong with them. */
function filterOf(args: CommandArgs): LedgerFilter | Error {
  const empty = FILTERS.find((name) => option(args, name)?.trim() === '');
  if (empty !== undefined) return new Error(`--${empty} needs a value`);
  const action = option(args, 'action');
  if (action !== undefined && !CHANGE_ACTIONS.includes(action as ChangeAction))
    return new Error(`Unknown --action ${JSON.stringify(action)}: expected ${CHANGE_ACTIONS.join(', ')}`);
  const limit = count(args, 'limit', 1);
  const offset = count(args, 'offset', 0);
  for (const n of [limit, offset]) if (n instanceof Error) return n;
  return {
    user: option(args, 'user'),
    runId: option(args, 'run'),
    field: option(args, 'field'),
    nqlId: option(args, 'connector'),
    action: action as ChangeAction | undefined,
    flips: args.options['flips'] === true,
    limit: (limit as number | undefined) ?? DEFAULT_LIMIT,
    offset: (offset as number | undefined) ?? 0,
  };
}

/**
 * Why `--connector` names no connector: neither configured nor known to the ledger (a typo would
 * otherwise list nothing, as if nothing had changed). Undefined when it does name one.
 */
async function unknownConnector(
  nqlId: string,
  configured: readonly string[],
  ledger: ChangeLedger,
): Promise<string | undefined> {
  if (configured.includes(nqlId) || (await ledger.knows(nqlId))) return undefined;
  const guess = closestName(nqlId, configured);
  return `No connector with nqlId ${JSON.stringify(nqlId)} in the config or the change ledger${guess ? `: did you mean ${guess}?` : ''} (configured: ${configured.join(', ') || 'none'})`;
}

/**
 * `tributary changes`: the change ledger, filtered by user, run, field, connector and action;
 * `configured` lists the config's NQL IDs.
 */
export function createChangesCommand(ledger: () => ChangeLedger, configured: () => readonly string[]): CliCommand {
  return {
    ...CHANGES_COMMAND,
    help: HELP,
    valueOptions: ['user', 'run', 'field', 'connector', 'action', 'limit', 'offset', 'format'],
    flags: ['flips'],
    acceptsPositionals: false,
    async run(args: CommandArgs, io: CommandIo): Promise<number> {
      const format = option(args, 'format') ?? 'table';
      const filter = filterOf(args);
      const problem = !(OUTPUT_FORMATS as readonly string[]).includes(format)
        ? `Unknown --format ${JSON.stringify(format)}: expected ${OUTPUT_FORMATS.join(', ')}`
        : filter instanceof Error
          ? filter.message
          : filter.nqlId !== undefined
            ? await unknownConnector(filter.nqlId, configured(), ledger())
            : undefined;
      if (problem !== undefined || filter instanceof Error) {
        io.stderr.write(`${problem}\n`);
        return USAGE_ERROR;
      }
      const page = await ledger().entries(filter);
      io.stdout.write(formatRows({ columns: COLUMNS, rows: page.entries.map(row) }, format as OutputFormat));
      const shown = page.entries.length;
      if (format === 'table' && page.total > page.offset + shown)
        io.stderr.write(
          `${shown} of ${page.total} changes shown (newest first); --offset ${page.offset + shown} shows the next ones\n`,
        );
      return 0;
    },
  };
}
