import {
  CancelledError,
  ConfigError,
  type FieldValue,
  type PreviewField,
  type PreviewRecord,
  type PreviewStep,
  type UserPreview,
} from 'tributary-kit';
import type { BuiltinCommand } from '../builtin-command.js';
import { formatOption } from '../format-option.js';

const STEP_NAMES: Readonly<Record<PreviewStep, string>> = {
  start: 'starting the run',
  find: 'asking the source',
  map: 'mapping the records',
};

const shown = (value: FieldValue | string | null): string => JSON.stringify(value);

/** `department ← Department: "Sales" (stored "Marketing": changed)`. */
function fieldLine(f: PreviewField): string {
  const what = f.error !== undefined ? `error: ${f.error}` : f.value === undefined ? '(left out)' : shown(f.value);
  const against =
    f.stored === undefined ? '' : ` (stored ${shown(f.stored)}${f.action === undefined ? '' : `: ${f.action}`})`;
  const hint = f.hint === undefined ? '' : `         ${f.hint}\n`;
  return `       ${f.field} ← ${f.expression}: ${what}${against}\n${hint}`;
}

function recordText(record: PreviewRecord, index: number, of: number): string {
  const id = record.identification;
  return [
    `Record ${index + 1} of ${of}\n`,
    `  2. As received: ${JSON.stringify(record.received)}\n`,
    `  3. Identification: ${id.ok ? `${id.kind} ${id.value}` : id.error}\n`,
    `  4. Limits:${record.limits.length ? '' : ' nothing to say'}\n`,
    ...record.limits.map((l) => `       ${l}\n`),
    `  5. Fields (value, and what the store holds now: the action a commit would take)\n`,
    ...record.fields.map(fieldLine),
    record.processed ? '  A run would write this record.\n' : '  A run would not write this record.\n',
  ].join('');
}

/** The preview as `tributary preview` prints it, step by step. */
function previewText(preview: UserPreview, name: string): string {
  const { records } = preview;
  const lines = [
    `Preview of ${preview.user} in ${preview.nqlId} (${name}): nothing is written\n`,
    `1. Source: the records where ${preview.matchedField} = ${preview.user}: `,
  ];
  if (preview.failed) lines.push(preview.failed.step === 'map' ? 'read, not mapped\n' : 'not read\n');
  else lines.push(records.length ? `${records.length} found\n` : 'none\n');
  records.forEach((record, i) => lines.push(recordText(record, i, records.length)));
  if (preview.failed) lines.push(`FAILED while ${STEP_NAMES[preview.failed.step]}: ${preview.failed.error}\n`);
  else if (records.length === 0)
    lines.push(`The source has no record where ${preview.matchedField} = ${preview.user}.\n`);
  else lines.push(`Store: ${preview.store.read ? 'read' : `not read (${preview.store.reason})`}\n`);
  lines.push(`Logged as a dry run: ${preview.runId}\n`);
  return lines.join('');
}

export const previewCommand: BuiltinCommand = {
  name: 'preview',
  summary: 'Show what a run would do with one user, step by step; writes nothing',
  help: `Usage: tributary preview <upn-or-email> [nqlId] [--json | --format text|json] [--config PATH]

Asks the connector's source for the records of one user (those whose identification field equals
the UPN or email given: the identification must be a field path, such as Username), and shows each
one step by step: as received, its identification, what the limits say of it, each mapped field
with its value or error, and against what the sink's store holds now, the action a commit would
take (added, changed, cleared, unchanged). The nqlId may be left out when only one connector is
configured. Nothing is written to the sink; the preview is logged as a dry run (0 rows imported).
See docs/preview.md.

  --json          the preview as one JSON object (nqlId, user, matchedField, records, store,
                  runId, and failed when a step failed); the same as --format json

Exit codes: 0 the source has the user, 1 it has not or a step failed (asking the source, mapping),
2 usage or config error (no such connector, a template that cannot preview, an identification that
is no field path).`,
  valueOptions: ['format'],
  flags: ['json'],
  acceptsPositionals: true,
  async run({ args, io, loadHost, onSignal }) {
    const format = formatOption(
      args,
      'preview',
      ['text', 'json'],
      args.options['json'] === true ? 'json' : args.options['format'],
    );
    const [user, nqlId, ...extra] = args.positionals;
    if (user === undefined || extra.length > 0)
      throw new ConfigError('USAGE', 'Usage: tributary preview <upn-or-email> [nqlId]');
    const host = await loadHost({ deferMappingErrors: true });
    const controller = new AbortController();
    const off = onSignal((signal) => controller.abort(new CancelledError(`Cancelled by ${signal}`)));
    try {
      const preview = await host.preview(nqlId, user, { signal: controller.signal });
      if (format === 'json') io.stdout.write(`${JSON.stringify(preview, null, 2)}\n`);
      else io.stdout.write(previewText(preview, host.connector(preview.nqlId).name));
      return preview.failed || preview.records.length === 0 ? 1 : 0;
    } finally {
      off();
      await host.close();
    }
  },
};
