import type { ChangeFilter } from './parameters.js';

type SinceFormat = ChangeFilter['sinceFormat'];

/**
 * ISO 8601 as APIs write it: a date, or a date and time (`T` or a space between them) with or without
 * fractions of a second and an offset. A time without an offset is taken as UTC.
 */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const EPOCH = /^-?\d+(?:\.\d+)?$/;

/** The farthest instant from 1970 a JavaScript Date can hold, in milliseconds. */
const MAX_INSTANT = 8.64e15;

function inRange(instant: number): number | undefined {
  return Number.isFinite(instant) && Math.abs(instant) <= MAX_INSTANT ? instant : undefined;
}

function isoInstant(text: string): number | undefined {
  const match = ISO_TIME.exec(text);
  if (!match) return undefined;
  const offset = match[1];
  const normalized = text.replace(' ', 'T').replace(',', '.');
  // Date.parse reads a time without an offset as local time, and no offset of hours alone.
  const suffix = text.length === 10 ? '' : offset === undefined ? 'Z' : offset.length === 3 ? ':00' : '';
  return inRange(Date.parse(normalized + suffix));
}

/**
 * The instant (epoch milliseconds) a record's change time stands for, else undefined: ISO 8601 text, or
 * an epoch number (or numeric text) in seconds when `format` is `epoch-s`, else in milliseconds.
 */
export function changeTime(value: unknown, format: SinceFormat): number | undefined {
  const text = typeof value === 'string' ? value.trim() : undefined;
  const epoch = typeof value === 'number' ? value : text !== undefined && EPOCH.test(text) ? Number(text) : undefined;
  if (epoch !== undefined) return inRange(format === 'epoch-s' ? epoch * 1000 : epoch);
  return text === undefined ? undefined : isoInstant(text);
}

/** The value of the since query parameter for an instant, written as the API expects it. */
export function sinceText(instant: number, format: SinceFormat): string {
  if (format === 'epoch-ms') return String(Math.floor(instant));
  if (format === 'epoch-s') return String(Math.floor(instant / 1000));
  return new Date(instant).toISOString();
}
