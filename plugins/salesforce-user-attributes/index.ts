import { ConnectorTemplates, HttpClientService, PLUGIN_API_VERSION, definePlugin } from 'tributary-kit';
import { createSalesforceUserAttributesTemplate } from './src/salesforce-user-attributes-template.js';

export {
  createSalesforceUserAttributesTemplate,
  type SalesforceTemplateOptions,
} from './src/salesforce-user-attributes-template.js';
export { salesforceParameters, type SalesforceParameters } from './src/parameters.js';

export default definePlugin({
  id: 'salesforce-user-attributes',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Salesforce: User Attributes — imports User records with SOQL over the REST query API',
  register(env) {
    env.contribute(ConnectorTemplates, (services) =>
      createSalesforceUserAttributesTemplate(services.get(HttpClientService)),
    );
  },
});
