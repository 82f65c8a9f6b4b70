import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { compileMappingPlan, isTributaryError, type MappingConfig, type SourceRecord } from 'tributary-kit';
import { createHost } from '../../host/builtins/create-host.js';
import { IsolatedEvaluator } from 'tributary-kit/internal/kernel/mapping/isolated-evaluator.js';
import { MappingOutOfMemoryError } from 'tributary-kit/internal/kernel/mapping/mapping-out-of-memory-error.js';
import { STRING_BOMB } from './memory-bombs.js';

const mapping = (source: string): MappingConfig => ({
  identification: 'Username',
  identifier: 'email',
  onMissingValue: 'clear',
  fields: [{ source, target: 'name' }],
});
/** A batch deadline that never comes in a test. */
const noDeadline = () => ({ deadline: performance.now() + 3_600_000, budgetMs: 3_600_000 });

function evaluatorOf(source: string, memoryLimitMb: number): IsolatedEvaluator {
  return new IsolatedEvaluator({
    plan: compileMappingPlan(mapping(source)),
    expressionTimeoutMs: 600_000,
    memoryLimitMb,
    signal: new AbortController().signal,
  });
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('it resolved');
}

describe('mapping memory limit: a mapping that runs out of memory is a logged error, never a crash', function () {
  this.timeout(180_000); // workers filling their heap on two shared cores

  it('rejects the row that drove the worker out of memory (MAPPING_OUT_OF_MEMORY, naming the limit); the other rows, and the next batch, map in a fresh worker', async () => {
    const evaluator = evaluatorOf(STRING_BOMB, 32);
    try {
      const records: SourceRecord[] = [{ Name: 'Ada' }, { Name: 'Bob', Bomb: true }, { Name: 'Cy' }];
      expect(await evaluator.evaluate('fields', records, 1, noDeadline())).to.deep.equal([
        { ok: true, value: { name: 'Ada' } },
        {
          ok: false,
          code: 'MAPPING_OUT_OF_MEMORY',
          message:
            'Fields: evaluation stopped: the mapping ran out of memory: its worker reached limits.mappingMemoryMb (32 MB) and was stopped',
        },
        { ok: true, value: { name: 'Cy' } },
      ]);
      expect(await evaluator.evaluate('fields', [{ Name: 'Eve' }], 1, noDeadline())).to.deep.equal([
        { ok: true, value: { name: 'Eve' } },
      ]);
    } finally {
      await evaluator.close();
    }
  });

  it('fails with MappingOutOfMemoryError when a batch is too large for the limit before any row starts', async () => {
    const evaluator = evaluatorOf('Name', 16);
    try {
      const megabyte = 'x'.repeat(1 << 20);
      const records: SourceRecord[] = Array.from({ length: 48 }, (_, i) => ({ Name: `${i}${megabyte}` }));
      const error = await rejectionOf(evaluator.evaluate('fields', records, 1, noDeadline()));
      expect(error).to.be.instanceOf(MappingOutOfMemoryError);
      expect(error).to.include({ code: 'MAPPING_OUT_OF_MEMORY', category: 'fatal', limitMb: 16 });
      expect((error as Error).message).to.equal(
        'Mapping stopped: the mapping ran out of memory: its worker reached limits.mappingMemoryMb (16 MB) and was stopped before it mapped a row of the batch (a batch too large for the limit?)',
      );
      expect(await evaluator.evaluate('fields', [{ Name: 'Eve' }], 1, noDeadline())).to.deep.equal([
        { ok: true, value: { name: 'Eve' } },
      ]);
    } finally {
      await evaluator.close();
    }
  });

  it('a run under limits.mappingMemoryMb: the process survives, the row is rejected, the run ends partial with the error', async () => {
    const script = fileURLToPath(new URL('./out-of-memory-run.ts', import.meta.url));
    const child = await new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
      (resolve) => {
        const started = execFile(
          process.execPath,
          ['--conditions=tributary-source', '--import', 'tsx', script],
          { maxBuffer: 1 << 24 },
          (_error, stdout, stderr) => resolve({ code: started.exitCode, signal: started.signalCode, stdout, stderr }),
        );
      },
    );
    expect({ code: child.code, signal: child.signal }, child.stderr).to.deep.equal({ code: 0, signal: null });
    const result = JSON.parse(child.stdout) as {
      status: string;
      description: string;
      processedRows: number;
      committed: string[];
    };
    expect(result.status).to.equal('partial');
    expect(result.description).to.include(
      'Fields: evaluation stopped: the mapping ran out of memory: its worker reached limits.mappingMemoryMb (128 MB) and was stopped',
    );
    expect(result.processedRows).to.equal(19);
    expect(result.committed).to.have.length(19).and.not.include('user7@example.com');
  });

  it('limits.mappingMemoryMb is at least 128', async () => {
    const error = await rejectionOf(
      createHost({ config: { limits: { mappingMemoryMb: 64 } }, withoutBuiltins: true, stateDir: ':memory:' }),
    );
    expect(isTributaryError(error) && error.message).to.include('limits.mappingMemoryMb must be at least 128');
  });
});
