/**
 * The worker thread that evaluates a mapping's JSONata expressions that are not native, where a
 * runaway can be stopped by terminating the thread (see isolated-evaluator.ts). It receives the run's
 * mapping plan, compiles each isolated expression of it once, and answers each job with one outcome
 * per record, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isTributaryError, messageOf, type SourceRecord } from '../../core/index.js';
import { checkRow } from './check-row.js';
import type { MappingJob, MappingWorkerData, Outcome } from './mapping-protocol.js';
import { workerRowMapper } from './worker-row-mapper.js';

const { plan, limits, progress } = workerData as MappingWorkerData;
const mapper = workerRowMapper(plan, limits);

type Value = Extract<Outcome, { ok: true }>['value'];

function evaluateOne(op: MappingJob['op'], record: SourceRecord): Value | Promise<Value> {
  if (op === 'identify') return mapper.identify(record);
  if (op === 'fields') return mapper.fields(record);
  return checkRow(mapper, mapper.fieldExpressions, record);
}
const started = new Int32Array(progress);

async function evaluate(job: MappingJob): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(job.records.length);
  for (let i = 0; i < job.records.length; i++) {
    Atomics.store(started, 0, Atomics.load(started, 0) + 1); // the watchdog sees each row start
    const record: SourceRecord = job.records[i]!;
    try {
      outcomes[i] = { ok: true, value: await evaluateOne(job.op, record) };
    } catch (error) {
      outcomes[i] = isTributaryError(error)
        ? { ok: false, code: error.code, message: error.message, details: error.details }
        : { ok: false, code: 'MAPPING_EVALUATION_FAILED', message: messageOf(error) };
    }
  }
  return outcomes;
}

parentPort!.on('message', (job: MappingJob) => {
  void evaluate(job).then((outcomes) => parentPort!.postMessage(outcomes));
});
parentPort!.postMessage('ready');
