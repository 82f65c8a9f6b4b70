import type { BulkJobApi } from './bulk-job.js';
import { jsonObjectAnswer } from './json-object-answer.js';
import { unexpectedResponse } from './unexpected-response.js';

/** A CSV cell back into the value the REST API gives: empty is null, numbers and booleans typed. */
export type CellReader = (cell: string) => unknown;

/** One field of an object's describe, as far as the connector reads it. */
export interface DescribedField {
  readonly name: string;
  readonly type: string;
  readonly label?: string;
  readonly relationshipName: string | null;
  readonly referenceTo: readonly string[];
}

const NUMERIC = new Set(['int', 'double', 'currency', 'percent', 'long']);

const asString: CellReader = (cell) => (cell === '' ? null : cell);
const asBoolean: CellReader = (cell) => (cell === '' ? null : cell === 'true');
const asNumber: CellReader = (cell) => (cell === '' ? null : Number(cell));

function readerFor(type: string | undefined): CellReader {
  if (type === 'boolean') return asBoolean;
  if (type !== undefined && NUMERIC.has(type)) return asNumber;
  return asString;
}

/** The `fields` of a describe answer; an answer without a list of them is `SF_UNEXPECTED_RESPONSE`. */
function describedFields(answer: Record<string, unknown>, object: string): readonly DescribedField[] {
  const fields = answer['fields'];
  if (!Array.isArray(fields))
    throw unexpectedResponse(`Salesforce answered the describe of ${object} without a fields list`);
  return fields as DescribedField[];
}

/** A column as the REST API names it (`Manager.Name`, in API-name case) and how to read its cells. */
export interface TypedColumn {
  readonly path: readonly string[];
  readonly read: CellReader;
}

/**
 * Field types from the objects' describe (`…/sobjects/User/describe`, then the objects the relationships
 * lead to), so that Bulk's CSV cells turn back into what REST gives, and so that `describeFields` lists
 * them. One describe per object and run.
 */
export class SObjectTypes {
  readonly #described = new Map<string, Promise<readonly DescribedField[]>>();

  constructor(
    private readonly api: BulkJobApi,
    private readonly signal: AbortSignal,
  ) {}

  /** The fields of `object`'s describe, asked for once. */
  fields(object: string): Promise<readonly DescribedField[]> {
    const key = object.toLowerCase();
    let fields = this.#described.get(key);
    if (!fields) {
      fields = this.api
        .send(
          {
            path: `${this.api.dataPath}/sobjects/${encodeURIComponent(object)}/describe`,
            headers: { Accept: 'application/json' },
          },
          this.signal,
        )
        .then((response) => describedFields(jsonObjectAnswer(response.body, `the describe of ${object}`), object));
      this.#described.set(key, fields);
    }
    return fields;
  }

  /** The column for a CSV header such as `manager.name`: the path in API-name case and its cell reader. */
  async column(object: string, header: string): Promise<TypedColumn> {
    const parts = header.split('.');
    const path: string[] = [];
    let current: string | undefined = object;
    for (const [at, part] of parts.entries()) {
      const fields: readonly DescribedField[] = current === undefined ? [] : await this.fields(current);
      if (at < parts.length - 1) {
        const lookup = fields.find((f) => f.relationshipName?.toLowerCase() === part.toLowerCase());
        path.push(lookup?.relationshipName ?? part);
        current = lookup?.referenceTo[0];
      } else {
        const field = fields.find((f) => f.name.toLowerCase() === part.toLowerCase());
        path.push(field?.name ?? part);
        return { path, read: readerFor(field?.type) };
      }
    }
    return { path, read: asString };
  }
}
