import { formatCount, type Notification } from '../../core/index.js';
import { aboutText, notificationText } from './notification-text.js';

/** Slack's limits: a header's text, a section's text (and the message's own `text`), a field's text. */
const HEADER_MAX = 150;
const SECTION_MAX = 3000;

/** `&`, `<` and `>` as Slack's mrkdwn wants them, so that a text cannot turn into a link or a mention. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text: clip(text, SECTION_MAX) });

/** A link as `<url|label>` takes it: no `|` or `>` of its own. */
function linkTarget(link: string): string {
  return link.replace(/\|/g, '%7C').replace(/>/g, '%3E').replace(/</g, '%3C');
}

/**
 * The notification in the shape of Slack's incoming webhooks: `text` (what a phone's notification
 * shows, and clients that draw no blocks) and `blocks`: a header with the title, a section with the
 * text, the run's status and counts as fields, the link, and a context line naming the connector.
 */
export function slackMessage(notification: Notification): { text: string; blocks: object[] } {
  const blocks: object[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(notification.title, HEADER_MAX), emoji: false } },
  ];
  if (notification.text) blocks.push({ type: 'section', text: mrkdwn(escape(notification.text)) });
  const { run } = notification;
  if (run) {
    blocks.push({
      type: 'section',
      fields: [
        mrkdwn(`*Status*\n${escape(run.status)}`),
        mrkdwn(`*Received*\n${formatCount(run.receivedRows)}`),
        mrkdwn(`*Processed*\n${formatCount(run.processedRows)}`),
        mrkdwn(`*Imported*\n${formatCount(run.importedRows)}`),
      ],
    });
  }
  if (notification.link) {
    blocks.push({ type: 'section', text: mrkdwn(`<${linkTarget(notification.link)}|Open it in the console>`) });
  }
  blocks.push({ type: 'context', elements: [mrkdwn(escape(aboutText(notification)))] });
  return { text: clip(escape(notificationText(notification)), SECTION_MAX), blocks };
}
