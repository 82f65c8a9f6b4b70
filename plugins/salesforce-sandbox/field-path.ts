/**
 * Resolves a dotted SOQL field path (`Manager.Manager.Name`) against the catalog, with Salesforce's
 * INVALID_FIELD errors, and reads its value for a row index.
 */
import { soqlError } from './soql-error.js';
import type { Located } from './soql-parser.js';
import type { FieldDef, FieldValue, RelationshipDef, SObjectCatalog, SObjectTable } from './sobject-table.js';

export interface ResolvedPath {
  /** Relationships walked, outermost first, with the table each one leads to. */
  readonly hops: readonly { readonly relationship: RelationshipDef; readonly table: SObjectTable }[];
  readonly field: FieldDef;
  /** The value at this path for row `index` of the queried table (null through an empty lookup). */
  readonly read: (index: number) => FieldValue;
}

const CUSTOM_FIELD_HINT =
  "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";
const CUSTOM_RELATIONSHIP_HINT =
  "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.";

export function resolvePath(catalog: SObjectCatalog, root: SObjectTable, path: Located, soql: string): ResolvedPath {
  const parts = path.text.split('.');
  const hops: { relationship: RelationshipDef; table: SObjectTable }[] = [];
  let table = root;
  for (const part of parts.slice(0, -1)) {
    const relationship = table.relationships.find((r) => r.name.toLowerCase() === part.toLowerCase());
    const target = relationship && catalog.get(relationship.target.toLowerCase());
    if (!relationship || !target) {
      throw soqlError(
        'INVALID_FIELD',
        soql,
        path.offset,
        `Didn't understand relationship '${part}' in field path. ${CUSTOM_RELATIONSHIP_HINT}`,
      );
    }
    hops.push({ relationship, table: target });
    table = target;
  }
  const last = parts[parts.length - 1] as string;
  const field = table.fields.find((f) => f.name.toLowerCase() === last.toLowerCase());
  if (!field) {
    throw soqlError(
      'INVALID_FIELD',
      soql,
      path.offset,
      `No such column '${last}' on entity '${table.name}'. ${CUSTOM_FIELD_HINT}`,
    );
  }
  const readField = field.read;
  const read =
    hops.length === 0
      ? readField
      : (index: number): FieldValue => {
          let at = index;
          for (const hop of hops) {
            at = hop.relationship.parentIndex(at);
            if (at < 0) return null;
          }
          return readField(at);
        };
  return { hops, field, read };
}
