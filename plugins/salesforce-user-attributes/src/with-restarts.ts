import type { RecordBatch, SourceRecord } from 'tributary-kit';
import { RestartPolicy, SESSION_EXPIRED } from './restart-policy.js';
import type { ReadSession } from './user-reader.js';

/**
 * Runs a read attempt and starts it over after an expired session or an invalid query locator, once
 * each (`RestartPolicy`). The first batch after a restart carries `restarted`, so that the host discards
 * what it staged and no row is counted twice, however many streams the attempt used.
 */
export async function* withRestarts(
  session: ReadSession,
  attempt: (index: number) => AsyncIterable<readonly SourceRecord[]>,
  restarts = new RestartPolicy(),
): AsyncGenerator<RecordBatch> {
  const { context, client } = session;
  let yieldedAny = false;
  let restarted: string | undefined;
  for (let index = 0; ; index++) {
    try {
      for await (const records of attempt(index)) {
        const batch: RecordBatch = restarted === undefined ? { records } : { records, restarted };
        restarted = undefined;
        yieldedAny = true;
        yield batch;
      }
      return;
    } catch (error) {
      const reason = restarts.reasonToRestart(error);
      context.logger.info(reason);
      if (reason === SESSION_EXPIRED) await client.renewSession(context.signal);
      if (yieldedAny) restarted = reason; // nothing staged yet: nothing to discard
    }
  }
}
