import type { Connector, Health, Value } from './api-types.js';
import { el } from './el.js';
import { localTime } from './local-time.js';

/** A run status (`success`, `partial`, `failure`, `running`) as a coloured label. */
export function badge(status: Value): HTMLSpanElement {
  return el('span', { class: `badge ${String(status)}`, text: String(status) });
}

const HEALTH: Readonly<Record<Health, { readonly text: string; readonly title: string }>> = {
  'on-time': { text: 'on time', title: 'its runs are on schedule' },
  late: { text: 'late', title: 'a scheduled run was due and none has succeeded since' },
  error: { text: 'error', title: 'its newest run failed' },
};

/** A connector's health against its schedule: on time, late or error. */
export function healthBadge(health: Health): HTMLSpanElement {
  const { text, title } = HEALTH[health] ?? { text: String(health), title: '' };
  return el('span', { class: `badge health ${health}`, 'data-health': health, title, text });
}

/**
 * Where a connector's schedule stands: its health, then **paused** (by whom, since when) and
 * **quarantined** (failures in a row, until when) when it is, each with its facts beside it.
 */
export function stateBadges(c: Connector): HTMLSpanElement {
  return el('span', { class: 'state' }, [
    healthBadge(c.health),
    c.paused &&
      el('span', { class: 'state-paused' }, [
        el('span', {
          class: 'badge paused',
          title: 'its scheduled runs do not start; run now still works',
          text: 'paused',
        }),
        el('small', { class: 'muted' }, [
          ' by ',
          el('b', { class: 'paused-by', text: c.paused.by }),
          ' since ',
          localTime(c.paused.at),
        ]),
      ]),
    c.quarantine &&
      el('span', { class: 'state-quarantine' }, [
        el('span', {
          class: 'badge quarantined',
          title: 'it failed too often in a row: its scheduled runs wait; resume lifts it',
          text: 'quarantined',
        }),
        el('small', { class: 'muted' }, [
          ` ${c.quarantine.failures} failures in a row, until `,
          localTime(c.quarantine.until),
        ]),
      ]),
  ]);
}
