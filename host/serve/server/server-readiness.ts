import { messageOf } from 'tributary-kit';
import type { ServableHost, ServedHosts } from '../scheduler/serve-host.js';
import type { Readiness } from './server-route.js';
import type { ServerOperations } from './create-operations.js';

/** `/readyz`: serve's own readiness (scheduled, or waiting for a cluster database, and why), then whether the execution log can be read. */
export function serverReadiness(served: ServedHosts<ServableHost>, operations: ServerOperations): Readiness {
  return async () => {
    const own = await served.readiness();
    if (!own.ready) return own;
    try {
      await operations.runs({ limit: 1 });
      return { ready: true };
    } catch (error) {
      return { ready: false, reason: `the execution log cannot be read: ${messageOf(error)}` };
    }
  };
}
