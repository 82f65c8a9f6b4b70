import type { ConnectorTemplate, HttpClient } from 'tributary-kit';
import { checkRecords } from './check-records.js';
import { restJsonParameters, type RestJsonParameters } from './parameters.js';
import { readRecords } from './read-records.js';
import { validateRestJsonConnector } from './validate-connector.js';

export const REST_JSON_TEMPLATE_ID = 'rest-json-user-attributes';
export const REST_JSON_DISPLAY_NAME = 'REST JSON: User Attributes';

/**
 * The `rest-json-user-attributes` connector template: any HTTP JSON API that lists users, page by page.
 * It reads changes since a cursor when the connector's parameters say how (`changes`, `totalPath`).
 */
export function createRestJsonTemplate(http: HttpClient): ConnectorTemplate<RestJsonParameters> {
  return {
    id: REST_JSON_TEMPLATE_ID,
    displayName: REST_JSON_DISPLAY_NAME,
    parameters: restJsonParameters,
    credentialTypes: ['basic', 'oauth2-client-credentials', 'bearer-token'],
    credentialsOptional: true,
    readsChanges: true,
    validate: validateRestJsonConnector,
    check: (context) => checkRecords(context, http),
    read: (context) => readRecords(context, http),
  };
}
