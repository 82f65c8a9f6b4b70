import {
  ConnectorTemplateToken,
  HttpClientToken,
  PLUGIN_API_VERSION,
  contributions,
  definePlugin,
} from '../../core/index.js';
import { createSalesforceUserAttributesTemplate } from './src/salesforce-user-attributes-template.js';

export { createSalesforceUserAttributesTemplate, type SalesforceTemplateOptions } from './src/salesforce-user-attributes-template.js';
export { salesforceParameters, type SalesforceParameters } from './src/parameters.js';

export default definePlugin({
  id: 'salesforce-user-attributes',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Salesforce: User Attributes — imports User records with SOQL over the REST query API',
  module: contributions(({ bind }) => {
    bind(ConnectorTemplateToken).toDynamicValue(
      (context) => createSalesforceUserAttributesTemplate(context.get(HttpClientToken)),
    );
  }),
});
