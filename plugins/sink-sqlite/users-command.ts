import type { CliCommand, CommandArgs, CommandIo, HostContext } from '../../core/index.js';
import { USERS_FORMATS, writeCsv, writeJson, writeTable, type UsersFormat } from './format-users.js';
import { writeUsersByUser } from './format-users-by-user.js';
import { measureUsers, queryUsers, type UsersFilter } from './query-users.js';
import { openUserStoreReadOnly, userStorePath } from './user-store.js';

const HELP = `Usage: tributary users [--identifier X] [--field F] [--by-user] [--format table|json|csv] [--sink ID]

Prints the user attributes held by the embedded store (sink type "sqlite").
  --identifier X   only this user (compared case-insensitively)
  --field F        only this field
  --by-user        one row per user with a column per field (default: one row per attribute,
                   with its connector and update time)
  --format F       table (default), json (one array of objects) or csv
  --sink ID        which sqlite sink to read when the configuration has several (default: the first)
`;

function option(args: CommandArgs, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === 'string' ? value : undefined;
}

/** The store file of the chosen sqlite sink, `<state.dir>/users.db` when none is configured. */
function storeFile(host: Pick<HostContext, 'stateDir' | 'configDir' | 'config'>, sinkId: string | undefined): string | Error {
  const sqliteSinks = (host.config?.sinks ?? []).filter((sink) => sink.type === 'sqlite');
  const sink = sinkId === undefined ? sqliteSinks[0] : sqliteSinks.find((s) => s.id === sinkId);
  if (sinkId !== undefined && sink === undefined) return new Error(`No sink of type sqlite has the id "${sinkId}".`);
  const path = typeof sink?.path === 'string' ? sink.path : undefined;
  return userStorePath(host.stateDir, host.configDir, path);
}

/** `tributary users`: what the embedded store holds, filtered by identifier and field. */
export function createUsersCommand(host: Pick<HostContext, 'stateDir' | 'configDir' | 'config'>): CliCommand {
  return {
    name: 'users',
    summary: 'Show the user attributes stored by the embedded sqlite sink',
    help: HELP,
    valueOptions: ['identifier', 'field', 'format', 'sink'],
    flags: ['by-user'],
    acceptsPositionals: false,
    async run(args: CommandArgs, io: CommandIo): Promise<number> {
      const format = (option(args, 'format') ?? 'table') as UsersFormat;
      if (!USERS_FORMATS.includes(format)) {
        io.stderr.write(`Unknown format "${format}": use table, json or csv.\n`);
        return 2;
      }
      const file = storeFile(host, option(args, 'sink'));
      if (file instanceof Error) {
        io.stderr.write(`${file.message}\n`);
        return 2;
      }
      const db = openUserStoreReadOnly(file);
      if (db === undefined) {
        io.stderr.write(`No user attributes stored yet (${file === ':memory:' ? 'the store is in memory' : `${file} does not exist`}). Run a connector first.\n`);
        if (format === 'json') io.stdout.write('[]\n');
        return 0;
      }
      try {
        const filter: UsersFilter = { identifier: option(args, 'identifier'), field: option(args, 'field') };
        const write = (text: string): void => io.stdout.write(text);
        if (args.options['by-user'] === true) {
          if ((await writeUsersByUser(() => queryUsers(db, filter), format, write)) === 0) io.stderr.write('No stored user attributes match.\n');
        } else if (format === 'json') writeJson(queryUsers(db, filter), write);
        else if (format === 'csv') writeCsv(queryUsers(db, filter), write);
        else {
          const { count, widths } = measureUsers(db, filter);
          if (count === 0) io.stderr.write('No stored user attributes match.\n');
          else writeTable(queryUsers(db, filter), widths, write);
        }
        return 0;
      } finally {
        db.close();
      }
    },
  };
}
