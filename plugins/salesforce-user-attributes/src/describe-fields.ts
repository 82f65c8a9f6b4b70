import { isTributaryError, messageOf, type ConnectorContext, type SourceField } from 'tributary-kit';
import { BulkJobApi } from './bulk-job.js';
import { connectorClient, type ConnectorDependencies } from './connector-client.js';
import { missingCredentialError } from './missing-credential.js';
import type { SalesforceParameters } from './parameters.js';
import { selectedQueryFields } from './selected-fields.js';
import { SObjectTypes, type DescribedField } from './sobject-types.js';
import { soqlObjectName } from './soql-object.js';

/**
 * Objects described besides the queried one, at most: each costs one API request, and User has a
 * dozen lookups (profile, role, contact, account, …). The relationships the query selects through come
 * first; a relationship to the queried object itself (`Manager`) costs nothing.
 */
export const MAX_RELATED_OBJECTS = 5;

const sourceField = (field: DescribedField, prefix = ''): SourceField => ({
  name: `${prefix}${field.name}`,
  type: field.type,
  ...(field.label ? { label: field.label } : {}),
  ...(field.referenceTo.length ? { referenceTo: field.referenceTo } : {}),
  ...(field.relationshipName ? { relationshipName: field.relationshipName } : {}),
});

/** A lookup a path can go through to one object (`ManagerId` → `Manager` → User); a polymorphic one leads to several. */
const isLookup = (field: DescribedField): field is DescribedField & { relationshipName: string } =>
  field.relationshipName !== null && field.relationshipName !== '' && field.referenceTo.length === 1;

/**
 * The queried object's fields (`sobjects/User/describe`), then, one level deep, the fields of each
 * lookup's object under its relationship name (`Manager.Email`). Every object is described once; at
 * most MAX_RELATED_OBJECTS objects besides the queried one, so a lookup beyond them, a polymorphic one
 * or one whose object's describe is refused (a warning says why) is listed without its object's fields.
 * Every request counts as an API call.
 */
export async function describeUserFields(
  context: ConnectorContext<SalesforceParameters>,
  deps: ConnectorDependencies,
): Promise<readonly SourceField[]> {
  const { credential, parameters } = context;
  if (!credential) throw missingCredentialError(context.nqlId);
  const types = new SObjectTypes(new BulkJobApi(connectorClient(context, credential, deps)), context.signal);
  const object = soqlObjectName(parameters.query) ?? 'User';
  const own = await types.fields(object);
  const lookups = own.filter(isLookup);
  const selectedThrough = new Set(
    selectedQueryFields(parameters)
      .fields.filter((path) => path.includes('.'))
      .map((path) => path.split('.', 1)[0]!.toLowerCase()),
  );
  const byPriority = [
    ...lookups.filter((f) => selectedThrough.has(f.relationshipName.toLowerCase())),
    ...lookups.filter((f) => !selectedThrough.has(f.relationshipName.toLowerCase())),
  ];
  const related = [...new Set(byPriority.map((f) => f.referenceTo[0]!.toLowerCase()))]
    .filter((target) => target !== object.toLowerCase())
    .slice(0, MAX_RELATED_OBJECTS);
  const described = new Set([object.toLowerCase(), ...related]);
  const relatedFields = (target: string): Promise<readonly DescribedField[] | undefined> => {
    if (!described.has(target.toLowerCase())) return Promise.resolve(undefined);
    return types.fields(target).catch((error: unknown) => {
      if (!isTributaryError(error) || error.category === 'cancelled') throw error;
      context.warn(`The fields of ${target} are not listed: its describe failed: ${messageOf(error)}`);
      return undefined;
    });
  };
  const targets = await Promise.all(lookups.map((f) => relatedFields(f.referenceTo[0]!)));
  return [
    ...own.map((field) => sourceField(field)),
    ...lookups.flatMap((lookup, i) =>
      (targets[i] ?? []).map((field) => sourceField(field, `${lookup.relationshipName}.`)),
    ),
  ];
}
