import type { CommandIo, Redactor } from '../../core/index.js';

export interface CliStreams {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
}

/** Streams that redact every secret the host knows before writing. */
export function redactingIo(streams: CliStreams, redactor: Redactor): CommandIo & { stderrIsTTY: boolean } {
  return {
    stdout: { write: (text) => void streams.stdout.write(redactor.redact(text)), isTTY: streams.stdout.isTTY === true },
    stderr: { write: (text) => void streams.stderr.write(redactor.redact(text)) },
    stderrIsTTY: streams.stderr.isTTY === true,
  };
}
