import { CsvError } from 'csv-parse';
import { FatalError } from 'tributary-kit';
import { csvRows } from './csv-rows.js';

/** Which result set of which job: its place in the job's results (1 for the first) and the locator it was asked with. */
export interface ResultSetPlace {
  readonly jobId: string;
  readonly ordinal: number;
  readonly locator: string | undefined;
}

/**
 * The CSV rows of one Bulk API 2.0 result set, the header first. A set that is not valid CSV (a quote
 * not closed, a row with more or fewer cells than the header) fails with `SF_BULK_MALFORMED_CSV`
 * (fatal), naming the job and the set.
 */
export async function* resultSetRows(csv: string, place: ResultSetPlace): AsyncGenerator<string[]> {
  try {
    yield* csvRows(csv);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const { jobId, ordinal, locator } = place;
    const set = `result set ${ordinal} (${locator === undefined ? 'the first, no locator' : `Sforce-Locator ${locator}`})`;
    throw new FatalError(
      'SF_BULK_MALFORMED_CSV',
      `Bulk API 2.0 job ${jobId}: ${set} is not valid CSV: ${error.message}`,
      {
        cause: error,
        details: { jobId, resultSet: ordinal, ...(locator === undefined ? {} : { locator }) },
      },
    );
  }
}
