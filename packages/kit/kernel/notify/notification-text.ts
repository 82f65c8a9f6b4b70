import { formatCount, type Notification } from '../../core/index.js';

type RunCounts = NonNullable<Notification['run']>;

/** `status failed: 1,200 received, 1,180 processed, 0 imported`. */
function countsText(run: RunCounts): string {
  return `status ${run.status}: ${formatCount(run.receivedRows)} received, ${formatCount(run.processedRows)} processed, ${formatCount(run.importedRows)} imported`;
}

/** `Salesforce users (sf_users), run 42, 2025-01-31T02:00:00.000Z`. */
export function aboutText(notification: Notification): string {
  const run = notification.runId === undefined ? '' : `, run ${notification.runId}`;
  return `${notification.name} (${notification.nqlId})${run}, ${notification.time.toISOString()}`;
}

/** The notification as plain text: title, text, the run's counts and the link when there are, and what it is about. */
export function notificationText(notification: Notification): string {
  const lines = [notification.title, ''];
  if (notification.text) lines.push(notification.text, '');
  if (notification.run) lines.push(`Run ${countsText(notification.run)}`);
  if (notification.link) lines.push(`Open it in the console: ${notification.link}`);
  lines.push(`Connector: ${aboutText(notification)}`);
  return lines.join('\n');
}
