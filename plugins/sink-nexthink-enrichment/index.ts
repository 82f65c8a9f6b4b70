import {
  contributions,
  definePlugin,
  HostContextToken,
  HttpClientToken,
  PLUGIN_API_VERSION,
  SinkTypeToken,
  type HostContext,
  type HttpClient,
} from '../../core/index.js';
import { createEnrichmentSinkType } from './enrichment-sink-type.js';

export default definePlugin({
  id: 'sink-nexthink-enrichment',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Nexthink Enrichment API sink (type "nexthink-enrichment"): writes user custom fields by UPN',
  module: contributions(({ bind }) => {
    bind(SinkTypeToken).toDynamicValue((ctx) => {
      const host = ctx.get<HostContext>(HostContextToken, { optional: true });
      return createEnrichmentSinkType({
        http: ctx.get<HttpClient>(HttpClientToken),
        credentialEntry: (id) => host?.config?.credentials?.find((entry) => entry.id === id),
      });
    });
  }),
});

export { createEnrichmentSinkType } from './enrichment-sink-type.js';
