import { ConnectorTemplates, HttpClientService, PLUGIN_API_VERSION, definePlugin } from 'tributary-kit';
import { createRestJsonTemplate } from './src/rest-json-template.js';

export { createRestJsonTemplate, REST_JSON_TEMPLATE_ID, REST_JSON_DISPLAY_NAME } from './src/rest-json-template.js';
export { restJsonParameters, type RestJsonParameters, type Pagination } from './src/parameters.js';

export default definePlugin({
  id: 'rest-json-user-attributes',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description:
    'REST JSON: User Attributes — reads users from any paginated HTTP JSON API (ServiceNow, Workday RaaS, …)',
  register(env) {
    env.contribute(ConnectorTemplates, (services) => createRestJsonTemplate(services.get(HttpClientService)));
  },
});
