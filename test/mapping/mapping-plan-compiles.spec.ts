import { expect } from 'chai';
import { compileMappingPlan, planIsNative, silentLogger, type MappingConfig } from 'tributary-kit';
import { jsonataCompilations } from 'tributary-kit/internal/core/mapping/guarded-jsonata.js';
import { runsNatively } from 'tributary-kit/internal/core/mapping/mapping-plan.js';
import { createHost } from '../../host/builtins/create-host.js';
import { mappingPlanOf } from 'tributary-kit/internal/kernel/mapping/mapping-plan-of.js';
import { workerRowMapper } from 'tributary-kit/internal/kernel/mapping/worker-row-mapper.js';
import { recordingSink } from 'tributary-kit/internal/testing/recording-sink.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';

const person = (i: number) => ({
  Username: `user${i}@example.com`,
  Email: `User${i}@Example.COM`,
  FirstName: 'Ada',
  LastName: `L${i}`,
  Manager: { Name: 'Grace' },
});

/**
 * Three native expressions (the paths `Username` and `Manager.Name`, and the native tree
 * `$lowercase(Email)`) and two that run in the worker.
 */
const mixed = (): MappingConfig => ({
  identification: 'Username',
  identifier: 'upn',
  onMissingValue: 'clear',
  fields: [
    { source: 'Manager.Name', target: 'manager' },
    { source: '$lowercase(Email)', target: 'email' },
    { source: "$join([FirstName, LastName], ' ')", target: 'name' },
    { source: '$substringAfter(Username, "@")', target: 'domain' },
  ],
});

/** How many expressions jsonata compiled in this thread while `action` ran. */
async function compilationsDuring(action: () => unknown): Promise<number> {
  const before = jsonataCompilations();
  await action();
  return jsonataCompilations() - before;
}

describe('the mapping plan: each expression compiled once', function () {
  this.timeout(60_000); // the runs start a mapping worker (tsx compiles its sources) on a loaded machine

  it('says which expressions run natively and which in the worker, as plain data the worker receives', () => {
    const plan = compileMappingPlan(mixed());
    expect(plan.identification).to.deep.equal({ source: 'Username', isolated: false, path: ['Username'] });
    expect(plan.fields.map((f) => [f.target, f.isolated, runsNatively(f)])).to.deep.equal([
      ['manager', false, true],
      ['email', true, true],
      ['name', true, false],
      ['domain', true, false],
    ]);
    expect(plan.fields[1]).to.deep.equal({
      source: '$lowercase(Email)',
      isolated: true,
      native: { kind: 'call', name: 'lowercase', argument: { kind: 'path', path: ['Email'] } },
      target: 'email',
    });
    expect(planIsNative(plan)).to.equal(false);
    expect(planIsNative(compileMappingPlan({ ...mixed(), fields: mixed().fields.slice(0, 2) }))).to.equal(true);
    expect(JSON.parse(JSON.stringify(plan))).to.deep.equal(plan);
  });

  it('compiles each expression once per mapping config, and again only when the config changed', async () => {
    const mapping = mixed();
    expect(await compilationsDuring(() => mappingPlanOf(mapping))).to.equal(5);
    expect(await compilationsDuring(() => mappingPlanOf(mapping))).to.equal(0);
    (mapping.fields as { source: string; target: string }[])[0]!.source = 'Manager.Title';
    expect(await compilationsDuring(() => mappingPlanOf(mapping))).to.equal(5);
    expect(mappingPlanOf(mapping).fields[0]).to.deep.equal({
      source: 'Manager.Title',
      isolated: false,
      path: ['Manager', 'Title'],
      target: 'manager',
    });
  });

  it('validates with one compile per expression, and its runs compile nothing more in the parent', async () => {
    const sink = recordingSink();
    let host: Awaited<ReturnType<typeof createHost>> | undefined;
    const validating = await compilationsDuring(async () => {
      host = await createHost({
        config: {
          limits: { mappingBatchTimeoutMs: 600_000 },
          sinks: [{ id: 'out', type: 'recording' }],
          connectors: [{ nqlId: 'people', name: 'People', connector: 'synthetic', mapping: mixed() }],
        },
        withoutBuiltins: true,
        stateDir: ':memory:',
        logger: silentLogger,
        plugins: [
          testPlugin({
            connectorTemplates: [syntheticConnector({ rows: 6, batchSize: 3, record: person })],
            sinkTypes: [sink],
          }),
        ],
      });
    });
    expect(validating).to.equal(5);
    for (let run = 0; run < 2; run++) {
      let status = '';
      expect(await compilationsDuring(async () => void ({ status } = await host!.run('people')))).to.equal(0);
      expect(status).to.equal('success');
    }
    expect(sink.committed()[1]).to.deep.equal({
      identifier: { kind: 'upn', value: 'user1@example.com' },
      fields: { manager: 'Grace', email: 'user1@example.com', name: 'Ada L1', domain: 'example.com' },
    });
    await host!.close();
  });

  it('compiles in the worker only the isolated expressions, each once, from the plan it receives', async () => {
    const plan = JSON.parse(JSON.stringify(compileMappingPlan(mixed()))) as ReturnType<typeof compileMappingPlan>;
    let mapper: ReturnType<typeof workerRowMapper> | undefined;
    expect(await compilationsDuring(() => (mapper = workerRowMapper(plan, { timeoutMs: 250 })))).to.equal(2);
    expect(
      await compilationsDuring(async () => [await mapper!.identify(person(3)), await mapper!.fields(person(3))]),
    ).to.equal(0);
    expect(await mapper!.fields(person(3))).to.deep.equal({
      manager: 'Grace',
      email: 'user3@example.com',
      name: 'Ada L3',
      domain: 'example.com',
    });
    expect(mapper!.fieldExpressions.map((e) => e.native)).to.deep.equal([true, true, false, false]);
  });
});
