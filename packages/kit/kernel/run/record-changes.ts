import {
  changeAction,
  formatCount,
  memberKey,
  messageOf,
  type ChangeReport,
  type LedgerChange,
  type LedgerStage,
  type RunChanges,
  type SinkIdentifier,
} from '../../core/index.js';
import type { RunState } from './run-state.js';

const DAY_MS = 86_400_000;
/** Days the ledger keeps entries when `state.ledgerRetentionDays` is not set. */
export const DEFAULT_LEDGER_RETENTION_DAYS = 90;
/** After the coverage sentence, before the row problems. */
const CHANGES_PRIORITY = 40;

/** The change ledger's part of one commit: what the sink reports goes to `report`; `commit` once the sink committed. */
export interface ChangeRecording {
  /** What the sink reports to; undefined on the connector's first run (an initial load is not itemised). */
  readonly report: ChangeReport | undefined;
  /** Records the changes under the run (a failure is a warning: the data is committed already). */
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Opens the ledger for a commit into a sink that reports changes (undefined otherwise, on a dry run,
 * or when `state.ledgerRetentionDays` is 0: no ledger is kept, and the sink does no extra work). The
 * one place a change gets its action: each stored change the sink reports is named by
 * {@link changeAction}, `left` for the commit's leavers. The connector's first run the ledger records
 * is an initial load: its values are not itemised (every one would be `added`; the sink then does no
 * extra work either), the run says so, and every later run is. The ledger never fails a commit: a
 * change it cannot stage is a warning of the run, not an error the sink sees.
 */
export async function openChangeRecording(
  run: RunState,
  leavers: readonly SinkIdentifier[],
): Promise<ChangeRecording | undefined> {
  const { services, connector } = run;
  const ledger = services.changeLedger();
  const wanted = services.ledgerRetentionDays > 0 && services.reportsChanges(connector.sink);
  if (!ledger || !run.sinkRun || !wanted) return undefined;
  let problem: string | undefined;
  let itemise: boolean;
  let stage: LedgerStage;
  try {
    itemise = await ledger.knows(connector.nqlId);
    stage = await ledger.stage({ runId: run.info.runId, nqlId: connector.nqlId });
  } catch (error) {
    run.state.warnings.push(`The change ledger could not record this run's changes (${messageOf(error)})`);
    return undefined;
  }
  const left = new Set(leavers.map(memberKey));
  let reported = 0;
  const report: ChangeReport = {
    async add(changes) {
      if (problem !== undefined) return;
      const named: LedgerChange[] = [];
      for (const c of changes) {
        const action = changeAction(c, left.has(memberKey(c.identifier)));
        if (action) named.push({ ...c, kind: c.identifier.kind, identifier: c.identifier.value, action });
      }
      reported += named.length;
      try {
        await stage.add(named);
      } catch (error) {
        problem = messageOf(error);
      }
    },
  };
  return {
    report: itemise ? report : undefined,
    async commit() {
      let changes: RunChanges;
      try {
        if (problem !== undefined) throw new Error(problem);
        changes = await stage.commit(new Date());
      } catch (error) {
        await stage.abort().catch(() => undefined);
        run.state.warnings.push(
          `The data was committed but the change ledger could not record its ${formatCount(reported)} changes (${messageOf(error)})`,
        );
        return;
      }
      run.changes = changes.total;
      const sentence = itemise ? changes.total > 0 && describeChanges(changes) : INITIAL_LOAD;
      if (sentence) run.problems.add(sentence, 1, { priority: CHANGES_PRIORITY, counted: false });
      await ledger
        .prune(new Date(Date.now() - services.ledgerRetentionDays * DAY_MS))
        .catch((error: unknown) =>
          run.state.warnings.push(
            `The change ledger's entries past the retention were not deleted (${messageOf(error)})`,
          ),
        );
    },
    abort: () => stage.abort(),
  };
}

const INITIAL_LOAD = 'Changes: the initial load, not itemised in the change ledger (every later run is)';

/** `Changes: 3 values (department: 2 changed; title: 1 cleared, 1 flipped back).` */
function describeChanges(changes: RunChanges): string {
  const fields = changes.fields.map((f) => {
    const parts = (['added', 'changed', 'cleared', 'left'] as const)
      .filter((action) => f[action] > 0)
      .map((action) => `${formatCount(f[action])} ${action}`);
    if (f.flips) parts.push(`${formatCount(f.flips)} flipped back`);
    return `${f.field}: ${parts.join(', ')}`;
  });
  return `Changes: ${formatCount(changes.total)} ${changes.total === 1 ? 'value' : 'values'} (${fields.join('; ')})`;
}
