import type { CommandIo, Redactor } from 'tributary-kit';
import { escapeControls } from './terminal-text.js';

export interface CliStreams {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
}

export interface CliIo extends CommandIo {
  readonly stderrIsTTY: boolean;
  /** Writes to stderr with the control sequences the text carries (the progress line's own redraws). */
  stderrControl(text: string): void;
}

/**
 * Streams that redact every secret the host knows before writing, and escape control characters
 * (`escapeControls`) in everything for a human: all of stderr, and stdout when it is a terminal
 * (piped output keeps its bytes: JSON escapes them itself, CSV is data).
 */
export function redactingIo(streams: CliStreams, redactor: Redactor): CliIo {
  const stdoutIsTTY = streams.stdout.isTTY === true;
  return {
    stdout: {
      write: (text) =>
        void streams.stdout.write(stdoutIsTTY ? escapeControls(redactor.redact(text)) : redactor.redact(text)),
      isTTY: stdoutIsTTY,
    },
    stderr: { write: (text) => void streams.stderr.write(escapeControls(redactor.redact(text))) },
    stderrIsTTY: streams.stderr.isTTY === true,
    stderrControl: (text) => void streams.stderr.write(redactor.redact(text)),
  };
}
