import { definePlugin, HostContextService, HttpClientService, PLUGIN_API_VERSION, SinkTypes } from 'tributary-kit';
import { createEnrichmentSinkType } from './enrichment-sink-type.js';

export default definePlugin({
  id: 'sink-nexthink-enrichment',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Nexthink Enrichment API sink (type "nexthink-enrichment"): writes user custom fields by UPN',
  register(env) {
    env.contribute(SinkTypes, (services) => {
      const host = services.get(HostContextService);
      return createEnrichmentSinkType({
        http: services.get(HttpClientService),
        credentialEntry: (id) => host.config?.credentials?.find((entry) => entry.id === id),
      });
    });
  },
});

export { createEnrichmentSinkType } from './enrichment-sink-type.js';
