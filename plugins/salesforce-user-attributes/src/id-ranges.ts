import { base62ToBigInt, bigIntToBase62, ID_BODY_LENGTH, toId18 } from './salesforce-ids.js';

/** One slice of the Id space: `Id >= from` (none: from the start) and `Id < to` (none: to the end). */
export interface IdRange {
  readonly from?: string;
  readonly to?: string;
}

/**
 * Splits the Ids between `lowestId` and `highestId` (of one object: same key prefix) into at most `count`
 * ranges of equal width, Salesforce's PK-chunking idea. The first range is open below and the last open
 * above, so together they cover every Id whatever the two ends were. Boundaries are 18-character Ids.
 */
export function splitIdRange(lowestId: string, highestId: string, count: number): IdRange[] {
  const prefix = lowestId.slice(0, 3);
  if (count <= 1 || highestId.slice(0, 3) !== prefix) return [{}];
  const low = base62ToBigInt(lowestId.slice(3, 15));
  const high = base62ToBigInt(highestId.slice(3, 15));
  const width = high - low;
  const parts = BigInt(count) > width ? Number(width) : count;
  if (parts <= 1) return [{}];
  const boundaries: string[] = [];
  for (let k = 1; k < parts; k++) {
    const body = low + (width * BigInt(k)) / BigInt(parts);
    boundaries.push(toId18(prefix + bigIntToBase62(body, ID_BODY_LENGTH)));
  }
  return [
    { to: boundaries[0] },
    ...boundaries.slice(1).map((to, k) => ({ from: boundaries[k], to })),
    { from: boundaries.at(-1) },
  ];
}
