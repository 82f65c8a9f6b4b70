import { EMPTY_FIELD_MIN_ROWS, FatalError, formatCount, type MappingConfig } from '../../core/index.js';
import { describeEmptyField } from './empty-field-problem.js';
import type { RunTally } from './run-tally.js';

/** What the source announced, as the connector reported it through `context.expectRows()`. */
export interface Announcement {
  readonly rows: number | undefined;
  readonly origin: string | undefined;
}

/**
 * The checks every run passes before its sink commits, whatever the connector, the listeners and the
 * sink: they belong to the run, and no option turns them off (`--allow-shrink` included). Each throws
 * a FatalError, so the run fails and nothing is committed:
 * 1. `RUN_SHORTFALL`: fewer rows received than the source announced, unless the row limit stopped the
 *    reading (`limitReached`: the run is then partial, and says so);
 * 2. `GUARD_NOTHING_PROCESSED`: rows were received but none was processed;
 * 3. `GUARD_EMPTY_FIELD`: a mapped field has no value on any processed row (at least
 *    {@link EMPTY_FIELD_MIN_ROWS} of them) and does not say `allowEmpty: true`.
 * Returns a warning when more rows came than announced (rows added while reading), else undefined.
 */
export function checkBeforeCommit(
  tally: RunTally,
  announced: Announcement,
  limitReached: boolean,
  mapping: MappingConfig,
  source: string,
): string | undefined {
  const received = tally.received;
  if (announced.rows !== undefined && received < announced.rows && !limitReached) {
    const missing = announced.rows - received;
    throw new FatalError(
      'RUN_SHORTFALL',
      `Incomplete read: ${announced.origin ?? source} announced ${formatCount(announced.rows)} rows but ${formatCount(received)} were received ` +
        `(${formatCount(missing)} missing); nothing was committed`,
    );
  }
  if (received > 0 && tally.processed === 0) throw nothingProcessed(tally);
  const empty = emptyFields(tally, mapping);
  if (empty.length > 0) {
    throw new FatalError(
      'GUARD_EMPTY_FIELD',
      `No data: ${empty.map((f) => describeEmptyField(f, tally.processed, tally.names)).join('; ')}. ` +
        `Nothing was committed; if the field may be empty on every row, set allowEmpty: true on it`,
    );
  }
  if (announced.rows !== undefined && received > announced.rows) {
    return `${formatCount(received)} rows received, ${formatCount(received - announced.rows)} more than ${announced.origin ?? source} announced (${formatCount(announced.rows)}): rows added while reading`;
  }
  return undefined;
}

function nothingProcessed(tally: RunTally): FatalError {
  const { emptyIdentifier, mappingErrors, vetoed } = tally.ignored;
  const why = [
    mappingErrors > 0 ? `${formatCount(mappingErrors)} rejected by mapping errors` : '',
    emptyIdentifier + vetoed > 0
      ? `${formatCount(emptyIdentifier + vetoed)} ignored (an empty identifier or a limit)`
      : '',
  ]
    .filter(Boolean)
    .join(', ');
  return new FatalError(
    'GUARD_NOTHING_PROCESSED',
    `No row was processed: ${formatCount(tally.received)} rows received, ${why}; nothing was committed`,
  );
}

function emptyFields(tally: RunTally, mapping: MappingConfig): MappingConfig['fields'] {
  if (tally.processed < EMPTY_FIELD_MIN_ROWS) return [];
  const values = tally.fieldValues;
  const seen = new Set<string>();
  return mapping.fields.filter((f) => {
    if (f.allowEmpty === true || seen.has(f.target)) return false;
    seen.add(f.target);
    return values[f.target] === 0;
  });
}
