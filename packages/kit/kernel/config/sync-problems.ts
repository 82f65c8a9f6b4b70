import type { ConfigProblem, ConnectorConfig, ConnectorTemplate, SinkType } from '../../core/index.js';
import { validateSchedule } from '../schedule/schedule-evaluator.js';

/**
 * A connector's `sync:` entry against its template and sink: an incremental connector needs a template
 * that reads changes, and any `sync:` entry (cursor, leavers) a sink that applies change reads and
 * commit plans.
 */
export function syncProblems(
  connector: ConnectorConfig,
  template: ConnectorTemplate | undefined,
  sinkType: SinkType | undefined,
): ConfigProblem[] {
  const sync = connector.sync;
  if (!sync) return [];
  const problems: ConfigProblem[] = [];
  if (sync.fullCron)
    problems.push(...validateSchedule(sync.fullCron).map((message) => ({ path: 'sync.fullEvery', message })));
  if (sync.mode === 'incremental' && template && template.readsChanges !== true)
    problems.push({
      path: 'sync.mode',
      message: `the ${template.displayName} template cannot read changes since a cursor: use mode: full`,
    });
  if (sinkType && sinkType.appliesChanges !== true)
    problems.push({
      path: 'sync',
      message: `sink type "${sinkType.type}" cannot apply change reads or leavers: remove the sync entry, or write to a sink that can (sqlite, postgres, jsonl, nexthink-enrichment)`,
    });
  return problems;
}
