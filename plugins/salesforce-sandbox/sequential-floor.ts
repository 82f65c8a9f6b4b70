/**
 * The sequential floor of a query under the latency model: what a client that reads one page after the
 * other (`nextRecordsUrl`) must wait at the very least, the sum of the modelled times of the token request
 * and of every page, with each page's real size. No client doing that can be faster.
 */
import { answerMs, type LatencyModel } from './latency-model.js';
import { prepareQuery } from './page-cache.js';
import { renderRecords } from './page-renderer.js';
import type { SObjectCatalog } from './sobject-table.js';

/** Bytes of a page around its records (`{"totalSize":…,"done":false,"nextRecordsUrl":"…","records":…}`). */
const PAGE_ENVELOPE_BYTES = 120;

export function sequentialFloorMs(
  catalog: SObjectCatalog,
  model: LatencyModel,
  soql: string,
  batchSize: number,
  version: string,
): number {
  const prepared = prepareQuery(catalog, { soql, version, batchSize, queryAll: false });
  let ms = model.tokenMs; // the token answer is a few hundred bytes: its transfer time is negligible
  if (prepared.count) return ms + answerMs(model, 'first-page', 0, PAGE_ENVELOPE_BYTES);
  const total = prepared.result.total;
  for (let offset = 0; offset < total || offset === 0; offset += batchSize) {
    const records = Math.min(batchSize, total - offset);
    const bytes =
      Buffer.byteLength(renderRecords(prepared.result, prepared.render, offset, batchSize)) + PAGE_ENVELOPE_BYTES;
    ms += answerMs(model, offset === 0 ? 'first-page' : 'next-page', records, bytes);
  }
  return ms;
}
