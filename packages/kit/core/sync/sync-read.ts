/**
 * What one run reads, as the host decided it (`decideSyncRead`) and hands it to the connector in
 * `context.sync` and to the sink in `SinkRunContext.sync`:
 * - `full`: everything the query returns. `cursor` is true when the connector is incremental: the
 *   connector then reports, with `context.setCursor`, where the next change read starts.
 * - `changes`: only what changed since `since` (the cursor the last committed run left), starting
 *   `lookBackSeconds` earlier for rows committed late. The connector sets the next cursor the same way.
 */
export type SyncRead =
  | { readonly mode: 'full'; readonly cursor: boolean; readonly reason: string }
  | { readonly mode: 'changes'; readonly since: string; readonly lookBackSeconds: number };

/** A full read of a connector that keeps no cursor: what every run was before incremental sync. */
export const PLAIN_FULL_READ: SyncRead = Object.freeze({ mode: 'full', cursor: false, reason: 'sync mode full' });
