import type { ConnectorTemplate } from 'tributary-kit';
import { syntheticConnector } from '../../../testing.js';

/** What one run of a {@link sequenceSource} does: deliver `rows` rows, or fail at its first row. */
export type RunScript = { readonly rows: number } | 'fail';

/**
 * A connector template `id` (credential type `fake`) whose runs follow `script`, one entry a run; the
 * last entry repeats. A failing run fails before its first row, so it processes none.
 */
export function sequenceSource(id: string, script: readonly RunScript[]): ConnectorTemplate {
  const runs = script.map((step) =>
    step === 'fail' ? syntheticConnector({ rows: 10, failAt: 0 }) : syntheticConnector({ rows: step.rows }),
  );
  let next = 0;
  return {
    ...runs[0]!,
    id,
    displayName: id,
    credentialTypes: ['fake'],
    read: (context) => runs[Math.min(next++, runs.length - 1)]!.read(context),
  };
}
