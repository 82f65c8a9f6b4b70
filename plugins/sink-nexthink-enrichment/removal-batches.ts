import type { SinkIdentifier } from 'tributary-kit';
import { toEnrichment, type Enrichment } from './enrichment-body.js';

/**
 * What a commit sends for the users its plan removes (leavers under `delete`). The Enrichment API
 * cannot delete a user's values, but an empty string clears a field: each user gets every field the
 * connector maps (`targets`) set to `""`. In batches of `size`; nothing when the mapping has no field.
 */
export function* removalBatches(
  remove: readonly SinkIdentifier[],
  targets: readonly string[],
  size: number,
): Generator<Enrichment[]> {
  const fields = Object.fromEntries(targets.map((target) => [target, '']));
  let batch: Enrichment[] = [];
  for (const identifier of remove) {
    const enrichment = toEnrichment({ identifier, fields });
    if (enrichment === undefined) return;
    batch.push(enrichment);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
