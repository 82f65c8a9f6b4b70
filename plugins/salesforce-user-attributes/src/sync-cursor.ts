import { FatalError } from 'tributary-kit';

/**
 * Where the next change read starts: the greatest `SystemModstamp` read, as an instant, and the `Id` of
 * the greatest row at that instant (the tie-break: of rows sharing the modstamp, the one with the
 * greatest Id). Written `2026-03-01T10:00:00.000Z,005Hs00000AbCdEIAZ` (or the instant alone when no row
 * gave an Id). The change read starts `lookBackSeconds` before the instant and is inclusive (`>=`), so
 * every row at the cursor's instant is read again, whatever its Id: the Id does not narrow the read, it
 * makes the cursor one value whatever order the rows came in (Id ranges, a Bulk job), so two reads of the
 * same rows leave the same cursor.
 */
export interface SyncCursor {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly id: string | undefined;
}

/** The instant of a Salesforce datetime: `2013-05-20T20:49:32.000+0000` (REST), `…Z` (Bulk CSV), `…+00:00`. */
export function instantOf(datetime: unknown): number | undefined {
  if (typeof datetime !== 'string') return undefined;
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})$/.test(datetime);
  const at = iso ? Date.parse(datetime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : Number.NaN;
  return Number.isNaN(at) ? undefined : at;
}

export function formatCursor(cursor: SyncCursor): string {
  const instant = new Date(cursor.at).toISOString();
  return cursor.id === undefined ? instant : `${instant},${cursor.id}`;
}

/** The cursor a change read starts from (the text this connector set); anything else fails the run. */
export function parseCursor(text: string): SyncCursor {
  const [instant = '', id, ...rest] = text.split(',');
  const at = instantOf(instant);
  if (at === undefined || rest.length > 0 || (id !== undefined && !/^[0-9A-Za-z]{15,18}$/.test(id)))
    throw new FatalError(
      'SF_INVALID_CURSOR',
      `The cursor "${text.slice(0, 80)}" is not one this connector sets (an instant such as 2026-03-01T10:00:00.000Z, then a comma and an Id): read everything once (sync mode full) to set a new one`,
    );
  return { at, id };
}

/** The later of two cursors: by instant, then by Id, case-sensitive on its 15-character form (no Id comes first). */
export function laterCursor(a: SyncCursor, b: SyncCursor): SyncCursor {
  if (a.at !== b.at) return a.at > b.at ? a : b;
  return (a.id ?? '').slice(0, 15) >= (b.id ?? '').slice(0, 15) ? a : b;
}
