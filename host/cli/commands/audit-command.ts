import { ConfigError, describeActor, formatCount, type AuditEntryView } from 'tributary-kit';
import type { BuiltinCommand } from '../builtin-command.js';
import { listFormat, withOperations } from './cli-operations.js';
import { textTable, utcSecond } from './text-table.js';

const USAGE = 'Usage: tributary audit [--limit N] [--offset N] [--format table|json] [--config PATH]';
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

export const auditCommand: BuiltinCommand = {
  name: 'audit',
  summary: 'The audit trail: who approved, rejected, cancelled, paused or ran what, newest first',
  help: `${USAGE}

Prints the operator actions every process of the deployment recorded (the state dir's, or in a
cluster the database's), newest first: its time (UTC), the actor (an API token's name and the
client's address, or cli:<OS user name> for a command typed on a machine), the action (approve,
reject, cancel, pause, resume, run-now, check, preview), its target (a connector's NQL ID or a
run id) and what came of it (done, accepted, or refused and why).

  --limit N        entries to print (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT})
  --offset N       skip the N newest entries first (the next page)
  --format json    one JSON object: { total, offset, limit, entries } (the entries serve's API gives)

Exit codes: 0 printed, 2 usage or config error.`,
  valueOptions: ['limit', 'offset', 'format'],
  flags: [],
  acceptsPositionals: false,
  async run({ args, io, loadHost }) {
    const format = listFormat(args, 'audit');
    const limit = wholeNumber(args.options['limit'], 'limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT;
    const offset = wholeNumber(args.options['offset'], 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0;
    return withOperations({ loadHost }, async (operations) => {
      const { entries, total } = await operations.audit({ offset, limit });
      if (format === 'json') io.stdout.write(`${JSON.stringify({ total, offset, limit, entries }, null, 2)}\n`);
      else io.stdout.write(auditText(entries, total, offset));
      return 0;
    });
  },
};

/** `--limit`/`--offset` as a whole number within bounds; undefined when not given. */
function wholeNumber(value: string | boolean | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max))
    throw new ConfigError('USAGE', `--${name} must be a whole number from ${min} to ${formatCount(max)}\n${USAGE}`);
  return n;
}

function auditText(entries: readonly AuditEntryView[], total: number, offset: number): string {
  if (entries.length === 0)
    return total === 0
      ? 'No audit entries.\n'
      : `No entries past ${formatCount(offset)} (${formatCount(total)} in all).\n`;
  const table = textTable(
    [{ header: 'TIME' }, { header: 'ACTOR' }, { header: 'ACTION' }, { header: 'TARGET' }, { header: 'OUTCOME' }],
    entries.map((e) => [
      utcSecond(e.time),
      describeActor({ name: e.actor, ...(e.address ? { address: e.address } : {}) }),
      e.action,
      e.target,
      e.outcome,
    ]),
  );
  const last = offset + entries.length;
  const more = last < total ? ` (--offset ${last} for the next ones)` : '';
  return `${table}Entries ${formatCount(offset + 1)}–${formatCount(last)} of ${formatCount(total)}${more}\n`;
}
