/**
 * `GET …/sobjects/{Object}/describe`: the object's fields with their Salesforce types and labels, and for
 * each lookup its relationship name and target (what a client needs to type the cells of a Bulk CSV
 * result, or to list the fields a query can select, `Manager.Email` included).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { admit, limitHeaders } from './api-gate.js';
import { fieldLabel } from './field-label.js';
import { sendApiError, sendJson } from './http-response.js';
import type { SandboxState } from './sandbox-state.js';
import { ApiError } from './soql-error.js';

export function handleDescribe(
  state: SandboxState,
  req: IncomingMessage,
  res: ServerResponse,
  objectName: string,
): void {
  if (!admit(state, req, res, false)) return;
  const table = state.catalog.get(objectName.toLowerCase());
  if (!table) {
    sendApiError(res, new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist'), limitHeaders(state));
    return;
  }
  const fields = table.fields.map((field) => {
    const relationship =
      field.type === 'reference' ? table.relationships.find((r) => `${r.name}Id` === field.name) : undefined;
    return {
      name: field.name,
      label: fieldLabel(table.name, field.name),
      type: field.type,
      custom: field.name.endsWith('__c'),
      nillable: field.type !== 'id' && field.type !== 'boolean',
      relationshipName: relationship?.name ?? null,
      referenceTo: relationship ? [relationship.target] : [],
    };
  });
  sendJson(res, 200, { name: table.name, label: table.name, keyPrefix: table.keyPrefix, fields }, limitHeaders(state));
}
