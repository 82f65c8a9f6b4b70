import type {
  CliCommand,
  CommandArgs,
  CommandIo,
  HostContext,
  SinkConfig,
  UserAttributeReader,
  UsersFilter,
} from 'tributary-kit';
import { USERS_FORMATS, writeCsv, writeJson, writeTable, type UsersFormat } from './format-users.js';
import { writeUsersByUser } from './format-users-by-user.js';
import { sqliteUserReader } from './sqlite-user-reader.js';
import { USERS_COMMAND } from './commands.js';

const HELP = `Usage: tributary users [--identifier X] [--field F] [--by-user] [--format table|json|csv] [--sink ID]

Prints the user attributes held by a user-attribute store: the embedded one (sink type "sqlite"),
or in a cluster the one in PostgreSQL (sink type "postgres").
  --identifier X   only this user (compared case-insensitively)
  --field F        only this field
  --by-user        one row per user with a column per field (default: one row per attribute,
                   with its connector and update time)
  --format F       table (default), json (one array of objects) or csv
  --sink ID        which sink to read when the configuration has several (default: the first one)
`;

/** What `users` reads when no readable sink is configured: the embedded store's default file. */
const DEFAULT_STORE: SinkConfig = { id: 'users', type: 'sqlite' };

function option(args: CommandArgs, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === 'string' ? value : undefined;
}

/** The chosen sink and its reader: `--sink`, else the first sink a reader can read, else the default store. */
function chooseSink(
  host: Pick<HostContext, 'config'>,
  readers: readonly UserAttributeReader[],
  sinkId: string | undefined,
): { sink: SinkConfig; reader: UserAttributeReader } | Error {
  const readerOf = (sink: SinkConfig) => readers.find((r) => r.sinkType === sink.type);
  const readable = (host.config?.sinks ?? []).filter((sink) => readerOf(sink) !== undefined);
  const sink = sinkId === undefined ? (readable[0] ?? DEFAULT_STORE) : readable.find((s) => s.id === sinkId);
  const reader = sink && readerOf(sink);
  if (!sink || !reader) {
    const types = readers.map((r) => r.sinkType);
    return new Error(
      sinkId === undefined
        ? `No sink that tributary users can read (types ${types.join(', ')}) is configured.`
        : `No sink of type ${types.join(' or ')} has the id "${sinkId}".`,
    );
  }
  return { sink, reader };
}

/**
 * `tributary users`: what a user-attribute store holds, filtered by identifier and field. It reads
 * through the `core.user-attribute-reader` contributions (this plugin's for sqlite, a cluster
 * plugin's for its own store).
 */
export function createUsersCommand(
  host: Pick<HostContext, 'stateDir' | 'configDir' | 'config'>,
  readers: () => readonly UserAttributeReader[] = () => [sqliteUserReader(host)],
): CliCommand {
  return {
    ...USERS_COMMAND,
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
      const chosen = chooseSink(host, readers(), option(args, 'sink'));
      if (chosen instanceof Error) {
        io.stderr.write(`${chosen.message}\n`);
        return 2;
      }
      const view = await chosen.reader.open(chosen.sink);
      if (typeof view === 'string') {
        io.stderr.write(`No user attributes stored yet (${view}). Run a connector first.\n`);
        if (format === 'json') io.stdout.write('[]\n');
        return 0;
      }
      try {
        const filter: UsersFilter = { identifier: option(args, 'identifier'), field: option(args, 'field') };
        const write = (text: string): void => io.stdout.write(text);
        if (args.options['by-user'] === true) {
          if ((await writeUsersByUser(() => view.rows(filter), format, write)) === 0)
            io.stderr.write('No stored user attributes match.\n');
        } else if (format === 'json') await writeJson(view.rows(filter), write);
        else if (format === 'csv') await writeCsv(view.rows(filter), write);
        else {
          const { count, widths } = await view.measure(filter);
          if (count === 0) io.stderr.write('No stored user attributes match.\n');
          else await writeTable(view.rows(filter), widths, write);
        }
        return 0;
      } finally {
        await view.close();
      }
    },
  };
}
