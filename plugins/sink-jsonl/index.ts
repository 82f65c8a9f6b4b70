import { definePlugin, PLUGIN_API_VERSION, SinkTypes } from 'tributary-kit';
import { jsonlSinkType } from './jsonl-sink-type.js';

export default definePlugin({
  id: 'sink-jsonl',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description: 'JSON Lines sink (type "jsonl"): one object per line, to a file or standard output',
  register(env) {
    env.contribute(SinkTypes, jsonlSinkType);
  },
});

export { createJsonlSinkType, jsonlSinkType } from './jsonl-sink-type.js';
