import { LOG_FIELDS, type RunResult } from 'tributary-kit';
import { formatCount, formatDuration } from './format-number.js';

/** The execution-log entry of a run, as `tributary run` prints it. */
export function formatRunResult(r: RunResult): string {
  const lines = [
    `${r.nqlId}: ${r.status.toUpperCase()}${r.dryRun ? ' (dry run: nothing written)' : ''}`,
    `  time                               ${r.endedAt.toISOString()}`,
    `  status                             ${r.status}`,
    `  details.name                       ${r.name}`,
    `  details.connector                  ${r.connector}`,
    `  details.credentials                ${r.credentials}`,
    `  details.credentials_id             ${r.credentialsId}`,
    `  details.nql_id                     ${r.nqlId}`,
    `  details.number_of_received_rows    ${formatCount(r.receivedRows)}`,
    `  details.number_of_processed_rows   ${formatCount(r.processedRows)}`,
    `  details.number_of_imported_rows    ${formatCount(r.importedRows)}`,
    `  details.api_calls                  ${formatCount(r.apiCalls)}`,
    `  details.started_at                 ${r.startedAt.toISOString()}`,
    `  details.duration_ms                ${r.durationMs} (${formatDuration(r.durationMs)})`,
    `  details.run_id                     ${r.runId}`,
  ];
  if (r.dryRun) lines.push('  details.dry_run                    true');
  if (r.sync?.mode === 'changes') lines.push('  details.sync_mode                  changes');
  if (r.leavers) lines.push(`  details.number_of_leavers          ${formatCount(r.leavers)}`);
  if (r.description) lines.push(`  details.description                ${r.description}`);
  return `${lines.join('\n')}\n`;
}

/** 0 success, 3 partial (none failed), 1 any failure. */
export function exitCodeOf(results: readonly RunResult[]): number {
  if (results.some((r) => r.status === 'failure')) return 1;
  if (results.some((r) => r.status === 'partial')) return 3;
  return 0;
}

/** A run as `run --format json` prints it: its execution-log entry, as `logs --format json` would. */
export function runResultJson(r: RunResult): Record<string, string | number> {
  return Object.fromEntries(LOG_FIELDS.map((f) => [f.name, f.read(r)]));
}
