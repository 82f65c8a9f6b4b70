import type { Value } from './api-types.js';

/** How the console shows times: in the browser's time zone (the default) or in UTC. */
export type TimeMode = 'local' | 'utc';

/** Where the operator's choice of {@link TimeMode} is remembered, in localStorage (it holds no secret). */
const TIME_MODE_KEY = 'tributary-times';

/** The operator's choice, remembered in this browser: `utc` when asked for, otherwise `local`. */
export function timeMode(): TimeMode {
  try {
    return localStorage.getItem(TIME_MODE_KEY) === 'utc' ? 'utc' : 'local';
  } catch {
    return 'local'; // storage refused (a locked-down browser): the default
  }
}

/** Remembers how times are shown in this browser, for every console page from now on. */
export function saveTimeMode(mode: TimeMode): void {
  localStorage.setItem(TIME_MODE_KEY, mode);
}

/** The browser's time zone, as it names it (`Europe/Zurich`). */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const LOCAL = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** A time in the browser's zone as `2026-01-31 03:00:00 GMT+1`. */
function local(date: Date): string {
  const part = Object.fromEntries(LOCAL.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part['year']}-${part['month']}-${part['day']} ${part['hour']}:${part['minute']}:${part['second']} ${part['timeZoneName']}`;
}

/** An ISO time in UTC, to the millisecond (`2026-01-31T02:00:00.000Z`); empty when there is none or it is no time. */
function utcIso(iso: Value): string {
  if (!iso) return '';
  const date = new Date(String(iso));
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/**
 * An ISO time as the console shows every time: in the browser's time zone (`2026-01-31 03:00:00 GMT+1`),
 * or in UTC (`2026-01-31 02:00:00 UTC`) when the operator chose UTC; empty when there is none.
 */
export function when(iso: Value): string {
  const utc = utcIso(iso);
  if (!utc) return iso ? String(iso) : '';
  if (timeMode() === 'local') return local(new Date(utc));
  return utc.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** A count with thousands separators; empty for anything but a number. */
export function count(n: Value): string {
  return typeof n === 'number' ? n.toLocaleString('en-US') : '';
}

/** A number with at most one decimal (`1,234.5`); empty for anything but a number. */
export function decimal(n: Value): string {
  return typeof n === 'number' ? n.toLocaleString('en-US', { maximumFractionDigits: 1 }) : '';
}

/** A share from 0 to 1 as a percentage (`87.5 %`); empty for anything but a number. */
export function percent(share: Value): string {
  return typeof share === 'number' ? `${decimal(share * 100)} %` : '';
}

/** An age in seconds as `45 s`, `12 min`, `3 h 5 min` or `2 d 4 h`; empty for anything but a number. */
export function age(secondsAgo: Value): string {
  if (typeof secondsAgo !== 'number') return '';
  const s = Math.max(0, Math.round(secondsAgo));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** A duration in milliseconds as `850 ms` or `12.3 s`; empty for anything but a number. */
export function seconds(ms: Value): string {
  if (typeof ms !== 'number') return '';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A string literal for NQL. */
export function quote(text: string): string {
  return `"${text.replace(/["\\]/g, '\\$&')}"`;
}
