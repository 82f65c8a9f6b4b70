import type { Host } from 'tributary-kit/internal/kernel/create-host.js';
import type { ServeControl } from '../scheduler/serve-control.js';

export interface OperationsSource {
  /** The host new runs use (serve replaces it on reload). */
  current(): Host;
  /** What runs the connectors; undefined until serve has scheduled them. */
  control(): ServeControl | undefined;
}
