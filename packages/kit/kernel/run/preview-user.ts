import {
  ConfigError,
  describeError,
  isTributaryError,
  type ConnectorConfig,
  type PreviewStep,
  type RecordMatch,
  type SinkConfig,
  type SourceRecord,
  type UserAttributeReader,
  type UserPreview,
} from '../../core/index.js';
import type { CheckRow } from '../mapping/check-row.js';
import { mappingPlanOf } from '../mapping/mapping-plan-of.js';
import { tryMapping } from '../mapping/try-mapping.js';
import { failRun } from './fail-run.js';
import { openRun } from './open-run.js';
import { previewRecord } from './preview-record.js';
import { judgeRows, type RowVerdict } from './preview-verdicts.js';
import { runResult } from './run-result.js';
import type { RunServices } from './run-services.js';
import type { RunState } from './run-state.js';
import { startRun } from './start-run.js';
import { readStoredValues, type StoreRead } from './stored-values.js';

export interface PreviewOptions {
  readonly signal?: AbortSignal;
  /** The configured sinks: the connector's is read for the values stored now. */
  readonly sinks: readonly SinkConfig[];
  /** Who reads a sink type's store (`UserAttributeReaders`). */
  readonly readers: readonly UserAttributeReader[];
}

/** Why the entry of a preview says `sync full`: it reads neither everything nor the changes. */
const PREVIEW_READ = 'a preview of one user';
/** The preview's own sentence leads the entry's description, before a failure's (100) and the limits' (50). */
const LEAD_PRIORITY = 200;

/** What the steps of a preview found, when none failed. */
interface Found {
  readonly records: readonly SourceRecord[];
  readonly rows: readonly CheckRow[];
  readonly verdicts: readonly RowVerdict[];
  readonly store: StoreRead;
}

/**
 * The source field a preview matches the user against: the identification's path (`Username`,
 * `Manager.Email`). An identification that is an expression could not be asked of a source:
 * `PREVIEW_NEEDS_PATH`. A mapping that does not compile throws its ConfigProblemsError.
 */
function identificationPath(connector: ConnectorConfig): string {
  const identification = mappingPlanOf(connector.mapping).identification;
  if (identification.isolated) {
    throw new ConfigError(
      'PREVIEW_NEEDS_PATH',
      `${connector.nqlId}: a preview asks the source for the records whose identification field holds the user, so the ` +
        `identification must be a field path (such as Username or Manager.Email), not the expression ${identification.source}`,
    );
  }
  return identification.path.join('.');
}

/** The preview's steps inside its run: the source asked, the records mapped and judged, the store read. */
async function findAndMap(
  run: RunState,
  match: RecordMatch,
  options: PreviewOptions,
  step: { current: PreviewStep },
): Promise<Found> {
  const { services, connector } = run;
  await startRun(run);
  step.current = 'find';
  const records = await run.template.findRecords!(run.context, match);
  step.current = 'map';
  const rows = await tryMapping(services.limits, connector, records, run.signal);
  const verdicts = judgeRows(run, records, rows);
  const identifiers = rows.flatMap((r) => (r.identifier ? [r.identifier] : []));
  const sink = options.sinks.find((s) => s.id === connector.sink);
  const store = await readStoredValues(sink, options.readers, connector.mapping.identifier, identifiers);
  return { records, rows, verdicts, store };
}

/**
 * `tributary preview`: what a run would do with one user, step by step, writing nothing. The
 * connector's template reads the records whose identification field equals `user` (`findRecords`);
 * each goes through the mapping (in the mapping worker when it is not native, as `check` tries it),
 * the execution listeners' limits and the run's tally; the values the sink's store holds now are read
 * through its `UserAttributeReader`, and each field gets the action a commit would take. The preview
 * is a run of its own, a dry run: the listeners log its entry (0 rows imported), a failure included.
 * Throws before anything is logged for what makes a preview impossible (no user, a template without
 * `findRecords`: `PREVIEW_UNSUPPORTED`, an identification that is no path); a step that fails is
 * reported in `failed` (and re-thrown when the preview was cancelled).
 */
export async function previewUser(
  services: RunServices,
  connector: ConnectorConfig,
  user: string,
  options: PreviewOptions,
): Promise<UserPreview> {
  const value = user.trim();
  if (value === '') throw new ConfigError('PREVIEW_NO_USER', 'Name the user to preview: a UPN or an email address');
  const template = services.template(connector);
  if (!template.findRecords) {
    throw new ConfigError(
      'PREVIEW_UNSUPPORTED',
      `${connector.nqlId}: its template (${template.displayName}) cannot preview one user: it cannot ask its source for one user's records`,
    );
  }
  const match: RecordMatch = { field: identificationPath(connector), value };
  const run = await openRun(services, connector, { dryRun: true, signal: options.signal, full: PREVIEW_READ });
  const step = { current: 'start' as PreviewStep };
  let found: Found | undefined;
  let failed: UserPreview['failed'];
  let cancelled: unknown;
  try {
    found = await findAndMap(run, match, options, step);
  } catch (error) {
    failed = {
      step: step.current,
      error: services.redact(describeError(error)),
      ...(isTributaryError(error) ? { code: error.code } : {}),
    };
    if (isTributaryError(error) && error.category === 'cancelled') cancelled = error;
    await failRun(run, error);
  } finally {
    await run.close();
  }
  const count = found ? `${found.records.length} record${found.records.length === 1 ? '' : 's'} found; ` : '';
  run.problems.add(`Preview of one user (${match.field} = ${value}): ${count}nothing was written`, 1, {
    priority: LEAD_PRIORITY,
    counted: false,
  });
  const before = new Set(run.problems.entries().map((e) => e.message));
  const result = await runResult(run);
  if (cancelled !== undefined) throw cancelled;
  const listenerProblems = run.problems
    .entries()
    .map((e) => e.message)
    .filter((m) => !before.has(m) && !run.state.warnings.includes(m));
  const store = found?.store ?? { read: false as const, reason: `the preview failed at its ${failed?.step} step` };
  return {
    nqlId: connector.nqlId,
    user: value,
    matchedField: match.field,
    records: (found?.records ?? []).map((record, i) =>
      previewRecord(connector, { record, row: found!.rows[i]!, verdict: found!.verdicts[i]!, store, listenerProblems }),
    ),
    store: store.read ? { read: true } : { read: false, reason: store.reason },
    runId: result.runId,
    ...(failed ? { failed } : {}),
  };
}
