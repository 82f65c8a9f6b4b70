import { numberField, type Entry } from './api-types.js';
import { count, seconds, when } from './format.js';
import { svg } from './svg.js';

const W = 960;
const H = 240;
const LEFT = 70;
const RIGHT = 70;
const TOP = 24;
const BOTTOM = 36;
const PAD = 24;
const PLOT_W = W - LEFT - RIGHT;
const PLOT_H = H - TOP - BOTTOM;
/** The least height of a failed run's bar, whatever rows it processed (none, often). */
const FAILED_MIN_H = 12;
const COLOURS = { failure: '#e5877f', partial: '#e8b66a', other: '#8fb0ea', line: '#1d2430', axis: '#d9dee6' };

const rowsOf = (run: Entry): number => numberField(run, 'details.number_of_processed_rows') ?? 0;
const durationOf = (run: Entry): number => numberField(run, 'details.duration_ms') ?? 0;

/** The axis, its labels and the legend around the plot. */
function frame(root: SVGElement, runs: readonly Entry[], rowsMax: number, durMax: number): void {
  root.appendChild(svg('line', { x1: LEFT, y1: TOP + PLOT_H, x2: W - RIGHT, y2: TOP + PLOT_H, stroke: COLOURS.axis }));
  root.appendChild(svg('text', { x: LEFT - 8, y: TOP + 4, 'text-anchor': 'end' }, count(rowsMax)));
  root.appendChild(svg('text', { x: LEFT - 8, y: TOP + PLOT_H, 'text-anchor': 'end' }, '0'));
  root.appendChild(svg('text', { x: W - RIGHT + 8, y: TOP + 4 }, seconds(durMax)));
  root.appendChild(svg('text', { x: LEFT, y: H - 10 }, when(runs.at(0)?.['time'])));
  root.appendChild(svg('text', { x: W - RIGHT, y: H - 10, 'text-anchor': 'end' }, when(runs.at(-1)?.['time'])));
  root.appendChild(svg('rect', { x: LEFT, y: 6, width: 10, height: 10, fill: COLOURS.other }));
  root.appendChild(svg('text', { x: LEFT + 14, y: 15 }, 'rows processed'));
  root.appendChild(
    svg('line', { x1: LEFT + 120, y1: 11, x2: LEFT + 140, y2: 11, stroke: COLOURS.line, 'stroke-width': 2 }),
  );
  root.appendChild(svg('text', { x: LEFT + 144, y: 15 }, 'duration'));
}

/** What a run's bar says when hovered: time, status, rows, duration and, for a failure, why. */
function barTitle(r: Entry): string {
  const why = r['status'] === 'failure' && r['details.description'] ? ` (${String(r['details.description'])})` : '';
  return `${when(r['time'])}: ${String(r['status'])}, ${count(rowsOf(r))} rows, ${seconds(numberField(r, 'details.duration_ms'))}${why}`;
}

/**
 * One run's bar, `width` wide and centred on `at`: its height the rows it processed against `rowsMax`;
 * a failure is never shorter than {@link FAILED_MIN_H}, so a run that failed before its first row shows.
 */
function runBar(r: Entry, at: number, width: number, rowsMax: number): SVGElement {
  const status = String(r['status']);
  const failure = status === 'failure';
  const h = Math.max((rowsOf(r) / rowsMax) * PLOT_H, failure ? FAILED_MIN_H : 1);
  const fill = failure ? COLOURS.failure : status === 'partial' ? COLOURS.partial : COLOURS.other;
  const rect = svg('rect', {
    class: `bar ${status}`,
    'data-run-id': String(r['details.run_id'] ?? ''),
    x: at - width / 2,
    y: TOP + PLOT_H - h,
    width,
    height: h,
    fill,
  });
  rect.appendChild(svg('title', {}, barTitle(r)));
  return rect;
}

/**
 * The chart of a connector's recent runs (newest first in `entries`), over time: a bar per run for the
 * rows it processed (red for a failure, at least {@link FAILED_MIN_H} high; amber for partial) and a
 * line for its duration.
 */
export function chart(entries: readonly Entry[]): SVGElement {
  const runs = entries
    .filter((e) => e['time'])
    .slice()
    .reverse();
  const root = svg('svg', {
    class: 'chart',
    width: W,
    height: H,
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': 'Rows processed and duration of the recent runs',
  });
  if (runs.length === 0) {
    root.appendChild(svg('text', { x: 20, y: 40 }, 'No runs yet'));
    return root;
  }
  const times = runs.map((r) => Date.parse(String(r['time'])));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const rowsMax = Math.max(...runs.map(rowsOf), 1);
  const durMax = Math.max(...runs.map(durationOf), 1);
  const x = (t: number): number =>
    LEFT + PAD + (t1 === t0 ? (PLOT_W - 2 * PAD) / 2 : ((t - t0) / (t1 - t0)) * (PLOT_W - 2 * PAD));
  const bar = Math.max(3, Math.min(24, PLOT_W / runs.length / 2));
  frame(root, runs, rowsMax, durMax);
  const points: Array<[number, number]> = [];
  runs.forEach((r, i) => {
    const at = x(times[i] ?? t0);
    root.appendChild(runBar(r, at, bar, rowsMax));
    points.push([at, TOP + PLOT_H - (durationOf(r) / durMax) * PLOT_H]);
  });
  root.appendChild(
    svg('polyline', {
      points: points.map(([px, py]) => `${px},${py}`).join(' '),
      fill: 'none',
      stroke: COLOURS.line,
      'stroke-width': 2,
    }),
  );
  for (const [cx, cy] of points) root.appendChild(svg('circle', { cx, cy, r: 3, fill: COLOURS.line }));
  return root;
}
