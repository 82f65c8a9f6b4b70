import { parseJsonBody } from '../../../core/index.js';
import { recordType, stripAttributes } from './strip-attributes.js';

/**
 * An `attributes` block exactly as Salesforce writes it: the first member of its object, `type` then
 * `url`, nothing escaped. Such text cannot occur inside a JSON string, where every `"` is escaped.
 */
const BLOCK = /"attributes":\{"type":"([^"\\]*)","url":"[^"\\]*"\},/;
const BLOCKS = new RegExp(BLOCK.source, 'g');
const ANY_BLOCK = '"attributes":';

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
  const firstType = BLOCK.exec(body)?.[1];
  const text = body.replace(BLOCKS, '');
  const json = parseJsonBody(text) as Record<string, unknown> | undefined;
  const records = json?.['records'];
  if (json === undefined || typeof json !== 'object' || !Array.isArray(records)) return { json, recordType: undefined };
  const first = records[0] as Record<string, unknown> | undefined;
  const type = (first !== null && typeof first === 'object' ? recordType(first) : undefined) ?? firstType;
  if (text.includes(ANY_BLOCK)) json['records'] = records.map((r: Record<string, unknown>) => (r !== null && typeof r === 'object' ? stripAttributes(r) : r));
  return { json, recordType: type };
}
