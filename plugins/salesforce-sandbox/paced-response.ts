/**
 * Answers written at the pace of the latency model: the time to the first byte for the request's kind,
 * then the body in slices at the model's bandwidth. The router marks each request's response with its
 * kind; the query endpoint adds the page's record count (further pages cost time per record).
 */
import type { ServerResponse } from 'node:http';
import { answerMs, timeToFirstByte, type LatencyModel, type SandboxClock, type RequestKind } from './latency-model.js';

export interface Pacing {
  readonly model: LatencyModel;
  readonly clock: SandboxClock;
  readonly kind: RequestKind;
  records: number;
  /** Called with the answer's modelled duration once it is written. */
  readonly onModelled: (ms: number) => void;
}

const SLICE = 64 * 1024;
const PACING = new WeakMap<ServerResponse, Pacing>();

export function setPacing(res: ServerResponse, pacing: Pacing): void {
  PACING.set(res, pacing);
}

/** The number of records the answer carries (further query pages cost time per record). */
export function noteRecords(res: ServerResponse, records: number): void {
  const pacing = PACING.get(res);
  if (pacing) pacing.records = records;
}

export function pacingOf(res: ServerResponse): Pacing | undefined {
  return PACING.get(res);
}

/** Resolves when the response can take more, or is closed. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes head and body at the model's pace; stops quietly when the client goes away. */
export async function writePaced(
  res: ServerResponse,
  pacing: Pacing,
  status: number,
  headers: Record<string, string>,
  buffers: readonly Buffer[],
): Promise<void> {
  const { model, clock } = pacing;
  const bytes = buffers.reduce((sum, b) => sum + b.length, 0);
  pacing.onModelled(answerMs(model, pacing.kind, pacing.records, bytes));
  await clock.sleep(timeToFirstByte(model, pacing.kind, pacing.records));
  if (res.destroyed) return;
  res.writeHead(status, headers);
  for (const buffer of buffers) {
    for (let at = 0; at < buffer.length; at += SLICE) {
      const slice = buffer.subarray(at, at + SLICE);
      await clock.sleep((slice.length * 1000) / model.bytesPerSecond);
      if (res.destroyed) return;
      if (!res.write(slice)) await drained(res);
    }
  }
  res.end();
}
