import { expect } from 'chai';
import {
  contributions,
  definePlugin,
  ExecutionListenerToken,
  RunContextToken,
  silentLogger,
  type ConfigProblemsError,
  type ExecutionListener,
  type Plugin,
  type RunContext,
} from 'tributary-kit';
import { createHost } from '../../host/builtins/create-host.js';
import { recordingSink } from 'tributary-kit/internal/testing/recording-sink.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';

const connector = (nqlId: string) => ({
  nqlId,
  name: nqlId,
  connector: 'synthetic',
  sink: 'out',
  mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
});

interface Seen {
  readonly context: RunContext;
  readonly runIdAtStart: string;
  rows: number;
}

/** A plugin whose listener is bound per run: each instance reports the run context it was built with. */
function perRunListenerPlugin(seen: Seen[], built: { count: number }) {
  return definePlugin({
    id: 'per-run-listener',
    version: '1.0.0',
    apiVersion: 1,
    description: 'A listener resolved in each run scope',
    module: contributions(({ bind }) => {
      bind(ExecutionListenerToken)
        .toDynamicValue((ctx): ExecutionListener => {
          built.count++;
          const context = ctx.get<RunContext>(RunContextToken);
          return {
            id: 'per-run',
            start(run) {
              const entry: Seen = { context, runIdAtStart: run.runId, rows: 0 };
              seen.push(entry);
              return { onRows: (batch) => void (entry.rows += batch.length) };
            },
          };
        })
        .inTransientScope();
    }),
  });
}

async function host(plugins: readonly Plugin[], slow = false) {
  return createHost({
    config: {
      sinks: [{ id: 'out', type: 'recording' }],
      connectors: [connector('first_users'), connector('second_users')],
    },
    withoutBuiltins: true,
    stateDir: ':memory:',
    logger: silentLogger,
    plugins: [
      testPlugin({
        connectorTemplates: [syntheticConnector({ rows: slow ? 3000 : 1500, batchSize: 500 })],
        sinkTypes: [recordingSink()],
      }),
      ...plugins,
    ],
  });
}

describe('run scope (one child container per run)', () => {
  it('resolves a per-run listener in each run, with that run’s context, concurrent runs apart', async () => {
    const seen: Seen[] = [];
    const built = { count: 0 };
    const h = await host([perRunListenerPlugin(seen, built)], true);
    const afterLoad = built.count;
    const [a, b] = await Promise.all([h.run('first_users'), h.run('second_users')]);
    expect(built.count - afterLoad).to.equal(2);
    expect(seen.map((s) => s.context.run.runId)).to.have.members([a.runId, b.runId]);
    for (const s of seen) {
      expect(s.context.run.runId).to.equal(s.runIdAtStart);
      expect(s.rows).to.equal(3000);
      expect(s.context.signal.aborted).to.equal(false);
    }
    expect(seen[0]!.context.run.nqlId).to.not.equal(seen[1]!.context.run.nqlId);
    await h.close();
  });

  it('shares a singleton listener across runs, and keeps run bindings out of the host container', async () => {
    let starts = 0;
    const shared: ExecutionListener = { id: 'shared', start: () => (starts++, {}) };
    const h = await host([testPlugin({ id: 'shared-listener', executionListeners: [shared] })]);
    await h.run('first_users');
    await h.run('first_users');
    expect(starts).to.equal(2);
    expect(h.container.isBound(RunContextToken)).to.equal(false);
    // The execution log (the limits) loads without the other built-ins too.
    expect(h.registry.executionListeners.map((l) => l.id)).to.deep.equal(['execution-log', 'shared']);
    expect(h.registry.executionListeners[1]).to.equal(shared);
    await h.close();
  });

  it('validates a per-run listener when plugins load, naming the plugin', async () => {
    const broken = definePlugin({
      id: 'broken-listener',
      version: '1.0.0',
      apiVersion: 1,
      description: 'A per-run listener without start()',
      module: contributions(({ bind }) => {
        bind(ExecutionListenerToken)
          .toDynamicValue(
            (ctx) => ({ id: `for-${ctx.get<RunContext>(RunContextToken).run.runId}` }) as unknown as ExecutionListener,
          )
          .inTransientScope();
      }),
    });
    const error = await host([broken]).then(
      () => undefined,
      (e: unknown) => e as ConfigProblemsError,
    );
    expect(error?.problems).to.deep.equal([
      {
        path: 'plugin "broken-listener"',
        message: 'execution listener "for-plugin-validation" must have an id and start()',
      },
    ]);
  });
});

describe('run scope: a listener that cannot start', () => {
  it('fails the run with the plugin’s error and says so on the log output', async () => {
    const failing: ExecutionListener = {
      id: 'failing',
      start: () => {
        throw new Error('the audit database is unreachable');
      },
    };
    const lines: string[] = [];
    const logger = { ...silentLogger, error: (message: string) => void lines.push(message) };
    const h = await createHost({
      config: { sinks: [{ id: 'out', type: 'recording' }], connectors: [connector('first_users')] },
      withoutBuiltins: true,
      stateDir: ':memory:',
      logger,
      plugins: [
        testPlugin({
          connectorTemplates: [syntheticConnector({ rows: 10 })],
          sinkTypes: [recordingSink()],
          executionListeners: [failing],
        }),
      ],
    });
    const result = await h.run('first_users');
    expect(result.status).to.equal('failure');
    expect(result.description).to.equal('Unexpected error: the audit database is unreachable');
    expect(lines).to.deep.equal([
      'first_users: an execution listener could not start, the run fails: Unexpected error: the audit database is unreachable',
    ]);
    await h.close();
  });
});
