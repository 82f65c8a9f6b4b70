import type { Value } from './api-types.js';

/** An ISO time as `2026-01-31 02:00:00 UTC`; empty when there is none. */
export function when(iso: Value): string {
  return iso
    ? new Date(String(iso))
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC')
    : '';
}

/** A count with thousands separators; empty for anything but a number. */
export function count(n: Value): string {
  return typeof n === 'number' ? n.toLocaleString('en-US') : '';
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
