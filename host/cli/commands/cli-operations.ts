import { userInfo } from 'node:os';
import { CLI_ACTOR, ConfigError, FatalError, type ActionOutcome, type Actor, type CommandArgs } from 'tributary-kit';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';
import { controlOperations } from '../../serve/server/control-operations.js';
import type { CommandContext } from '../builtin-command.js';
import type { CliIo } from '../cli-io.js';
import { formatOption } from '../format-option.js';

/** What the operator commands do, over the config's control store: the same operations `serve`'s API uses. */
export type CliOperations = ReturnType<typeof controlOperations>;

/** The operator at this terminal as the audit trail names them: `cli:<OS user>`, or `cli` when the OS names none. */
function cliActor(): Actor {
  let user: string | undefined;
  try {
    user = userInfo().username;
  } catch {
    user = process.env['USER'] ?? process.env['USERNAME'] ?? process.env['LOGNAME'];
  }
  return user ? { name: `${CLI_ACTOR.name}:${user}` } : CLI_ACTOR;
}

/**
 * Loads the config's host and hands `use` the operations over its control store (the one every
 * process of the deployment shares: the state dir's, or the cluster's database) and the actor; closes
 * the host after. No `serve` is needed: a run waiting in another process reads what they write.
 */
export async function withOperations(
  { loadHost }: Pick<CommandContext, 'loadHost'>,
  use: (operations: CliOperations, actor: Actor) => Promise<number>,
): Promise<number> {
  const host = await loadHost({ deferMappingErrors: true });
  try {
    if (!host.controlStore())
      throw new FatalError(
        'CONTROL_STORE_MISSING',
        'No loaded plugin keeps held runs, pauses and the audit trail (the execution-log plugin is missing)',
      );
    // The command says what it did on stdout: the audit's log line is for serve's log (here: --log-level debug).
    const logger = host.logger;
    // The host with another logger: its other members are read through the prototype, so the deprecated
    // `container` (which loads inversify when read) is not copied.
    const quiet: Host = Object.assign(Object.create(host) as Host, {
      logger: {
        debug: (m: string) => logger.debug(m),
        info: (m: string) => logger.debug(m),
        warn: (m: string) => logger.warn(m),
        error: (m: string) => logger.error(m),
      },
    });
    return await use(controlOperations({ current: () => quiet, control: () => undefined }), cliActor());
  } finally {
    await host.close();
  }
}

/** What an action did: its sentence on stdout and exit 0, or why it did nothing on stderr and exit 1. */
export function reportOutcome(io: CliIo, outcome: ActionOutcome): number {
  if (outcome.done) {
    io.stdout.write(`${outcome.message}\n`);
    return 0;
  }
  io.stderr.write(`${outcome.message}\n`);
  return 1;
}

/** `--format`: `table` (the default) or `json`. */
export const listFormat = (args: CommandArgs, command: string): 'table' | 'json' =>
  formatOption(args, command, ['table', 'json']);

/** The one positional a command takes (a run id, an NQL ID); a usage error without it or with more. */
export function onePositional(positionals: readonly string[], what: string, usage: string): string {
  if (positionals.length === 1) return positionals[0]!;
  const got = positionals.length === 0 ? 'none' : positionals.map((p) => JSON.stringify(p)).join(' ');
  throw new ConfigError('USAGE', `Expected one ${what}, got ${got}\n${usage}`);
}
