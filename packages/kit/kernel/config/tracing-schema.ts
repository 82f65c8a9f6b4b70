import * as v from 'valibot';
import { httpHeaders, isHttpUrl } from './notify-schema.js';
import { wholeNumber } from './whole-number.js';

/**
 * `tracing:` at the top level: the host records each run as OpenTelemetry spans and exports them over
 * OTLP (HTTP, JSON). Without the key nothing is traced and no OpenTelemetry module is loaded.
 */
export const tracingSchema = v.strictObject({
  serviceName: v.optional(v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty'))),
  otlp: v.optional(
    v.strictObject({
      url: v.optional(
        v.pipe(
          v.string('must be the URL of the collector\'s traces endpoint, e.g. "http://localhost:4318/v1/traces"'),
          v.check(isHttpUrl, 'must be an http:// or https:// URL'),
        ),
      ),
      headers: httpHeaders,
      timeoutMs: v.optional(wholeNumber('tracing.otlp.timeoutMs', 100, 600_000)),
    }),
  ),
});

export type TracingSettings = v.InferOutput<typeof tracingSchema>;
