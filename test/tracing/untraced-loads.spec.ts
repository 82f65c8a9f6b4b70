/**
 * A host without tracing loads none of the OpenTelemetry SDK: checked in a fresh process, by the
 * packages in its module cache after a whole run.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SCRIPT = fileURLToPath(new URL('./fixtures/run-once.ts', import.meta.url));

async function loadedAfterRun(tracing: 'on' | 'off'): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=tributary-source', '--import', 'tsx', SCRIPT, tracing],
    {
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '' },
    },
  );
  return JSON.parse(stdout) as string[];
}

describe('tracing: off costs no OpenTelemetry SDK', () => {
  it('a run without tracing loads no OpenTelemetry package but the API (which prom-client loads)', async () => {
    const loaded = await loadedAfterRun('off');
    expect(loaded.filter((name) => name !== 'api')).to.deep.equal([]);
  });

  it('the same run traced does load the SDK (the check above can see it)', async () => {
    expect(await loadedAfterRun('on')).to.include.members(['sdk-trace-base', 'context-async-hooks', 'resources']);
  });
});
