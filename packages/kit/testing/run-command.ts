import type { CliCommand, CommandArgs } from '../core/index.js';

/** What a command printed, and its exit code. */
export interface CommandOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Splits `['--format', 'json', 'QUERY']` the way the CLI does for this command: `--name value` and
 * `--name=value` for its `valueOptions`, `--flag` for anything else, the rest positional.
 */
function commandArgs(command: Pick<CliCommand, 'valueOptions'>, argv: readonly string[]): CommandArgs {
  const positionals: string[] = [];
  const options: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = splitOption(arg.slice(2));
    if (inline !== undefined) options[name] = inline;
    else if (command.valueOptions?.includes(name) && i + 1 < argv.length) options[name] = argv[++i]!;
    else options[name] = true;
  }
  return { positionals, options };
}

function splitOption(text: string): [string, string | undefined] {
  const equals = text.indexOf('=');
  return equals < 0 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}

/** Runs a plugin's command with its output captured (not a terminal). */
export async function runCapturedCommand(
  command: CliCommand,
  argv: readonly string[],
  redact: (text: string) => string,
): Promise<CommandOutput> {
  let stdout = '';
  let stderr = '';
  const code = await command.run(commandArgs(command, argv), {
    stdout: { write: (text) => void (stdout += redact(text)), isTTY: false },
    stderr: { write: (text) => void (stderr += redact(text)) },
  });
  return { code, stdout, stderr };
}
