import { parseJsonBody } from 'tributary-kit';
import { recordType, stripAttributes } from './strip-attributes.js';

/**
 * An `attributes` block as Salesforce writes it, compact or pretty-printed (`"attributes" : {`, as
 * with `X-PrettyPrint: 1` or behind a proxy): the first member of its object (the `{` before it is
 * kept), `type` then `url`, nothing escaped, followed by the next member's comma or by the object's
 * end. A match is always structural: a `"` that directly follows `{` or whitespace cannot be an
 * escaped quote inside a string, and one that ended a string could not be followed by `attributes`
 * in valid JSON. Group 1 is the type.
 */
const BLOCK =
  '\\{\\s*"attributes"\\s*:\\s*\\{\\s*"type"\\s*:\\s*"([^"\\\\]*)"\\s*,\\s*"url"\\s*:\\s*"[^"\\\\]*"\\s*\\}\\s*(?:,|(?=\\}))';
const BLOCKS = new RegExp(BLOCK, 'g');
/** The same block, where the first record starts. */
const FIRST_BLOCK = new RegExp(BLOCK, 'y');
/** The first record's `{`: `"records"` as a member (after `{` or `,`), an array, its first object. */
const FIRST_RECORD = /[{,]\s*"records"\s*:\s*\[\s*(?=\{)/;
/** Any other `attributes` member, whatever its shape: the records are then copied without it. */
const ANY_BLOCK = /"attributes"\s*:/;

export interface QueryBody {
  /** The parsed answer, its records without `attributes`, or undefined when it is not JSON. */
  readonly json: Record<string, unknown> | undefined;
  /** `attributes.type` of the first record (`User`), when it had one. */
  readonly recordType: string | undefined;
}

/**
 * Parses a `/query` answer without its `attributes` blocks. They are about half the bytes of a page;
 * cutting them out of the text before `JSON.parse` spares building those objects and then copying
 * every record without them. A block in any other shape is left in the text and the records are
 * then copied without it (`stripAttributes`), so the result is the same either way.
 */
export function parseQueryBody(body: string): QueryBody {
  const firstType = typeOfFirstRecord(body);
  const text = body.replace(BLOCKS, '{');
  const json = parseJsonBody(text) as Record<string, unknown> | undefined;
  const records = json?.['records'];
  if (json === undefined || typeof json !== 'object' || !Array.isArray(records)) return { json, recordType: undefined };
  const first = records[0] as Record<string, unknown> | undefined;
  const type = first !== null && typeof first === 'object' && 'attributes' in first ? recordType(first) : firstType;
  if (ANY_BLOCK.test(text))
    json['records'] = records.map((r: Record<string, unknown>) =>
      r !== null && typeof r === 'object' ? stripAttributes(r) : r,
    );
  return { json, recordType: type };
}

/** The type in the first record's own block, when that block is cut from the text (never a later record's or a relationship's). */
function typeOfFirstRecord(body: string): string | undefined {
  const records = FIRST_RECORD.exec(body);
  if (!records) return undefined;
  FIRST_BLOCK.lastIndex = records.index + records[0].length;
  return FIRST_BLOCK.exec(body)?.[1];
}
