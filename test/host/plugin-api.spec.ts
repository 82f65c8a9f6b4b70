import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CliCommands,
  ConfigProblemsError,
  createExtensionPoint,
  createServiceRef,
  definePlugin,
  ExecutionListeners,
  HostContextService,
  PLUGIN_API_VERSION,
  RunContextService,
  silentLogger,
  type PluginEnv,
  type Plugin,
  type TributaryError,
} from 'tributary-kit';
import { createHost } from '../../host/builtins/create-host.js';
import { recordingSink, startTestHost, syntheticConnector, testPlugin } from '../../testing.js';
import { runCli } from '../support/run-cli.js';
import { syntheticConfig } from '../support/synthetic-config.js';

const plugin = (id: string, register: (env: PluginEnv) => void): Plugin =>
  definePlugin({ id, version: '1.0.0', apiVersion: PLUGIN_API_VERSION, register });

/** What the config of a test host needs to run one synthetic connector into a recording sink. */
const oneConnector = syntheticConfig({ sink: 'out' });

/** A kit host with the given plugins, a recording sink and nothing else but the execution log. */
const bareHost = (plugins: Plugin[]) =>
  startTestHost({
    config: { sinks: [{ id: 'out', type: 'recording' }] },
    plugins: [...plugins, testPlugin({ id: 'acme-sink', sinkTypes: [recordingSink()] })],
    withoutBuiltins: true,
  });

async function loadProblems(plugins: Plugin[]): Promise<string[]> {
  const error = await bareHost(plugins).then(
    async (th) => (await th.close(), undefined),
    (e: unknown) => e,
  );
  expect(error, 'the plugins loaded').to.be.instanceOf(ConfigProblemsError);
  return (error as ConfigProblemsError).problems.map((p) => `${p.path}: ${p.message}`);
}

/** A plugin's own extension point: `acme.greeting`, with its key, validation and uniqueness. */
interface Greeting {
  readonly language: string;
  readonly text: string;
}
const Greetings = createExtensionPoint<Greeting>({
  id: 'acme.greeting',
  label: 'greeting',
  key: (g) => g.language,
  problems: (g) => (g.text ? [] : [`greeting "${g.language}" has no text`]),
  unique: true,
});

/** Defines the point and reads it in its command, when the command runs. */
const greeter = plugin('acme-greeter', (env) => {
  env.contribute(CliCommands, (services) => ({
    name: 'greet',
    summary: 'Greets in every contributed language',
    help: 'Usage: tributary greet [name]',
    valueOptions: ['style'],
    run: async (args, io) => {
      const name = args.positionals[0] ?? 'world';
      for (const g of services.contributions(Greetings))
        io.stdout.write(`${g.text}, ${name}${args.options['style'] === 'loud' ? '!' : '.'}\n`);
      return 0;
    },
  }));
});
const french = plugin('acme-french', (env) => env.contribute(Greetings, { language: 'fr', text: 'Bonjour' }));
const german = plugin('acme-german', (env) => env.contribute(Greetings, () => ({ language: 'de', text: 'Hallo' })));

describe('plugin API 2', () => {
  describe('extension points', () => {
    it("lets a plugin define its own point, others contribute to it, and the definer read what they contributed; the kit's runCommand captures the output", async () => {
      const th = await bareHost([greeter, french, german]);
      try {
        expect(th.contributions(Greetings)).to.deep.equal([
          { language: 'fr', text: 'Bonjour' },
          { language: 'de', text: 'Hallo' },
        ]);
        expect(th.plugins.find((p) => p.id === 'acme-german')?.contributed).to.deep.equal({ 'acme.greeting': ['de'] });
        expect(await th.runCommand('greet', ['Ada', '--style', 'loud'])).to.deep.equal({
          code: 0,
          stdout: 'Bonjour, Ada!\nHallo, Ada!\n',
          stderr: '',
        });
        expect(await th.runCommand('greet', ['--style=quiet'])).to.deep.include({
          stdout: 'Bonjour, world.\nHallo, world.\n',
        });
        await th.runCommand('nope').then(
          () => expect.fail('ran a command no plugin contributes'),
          (error: Error) => expect(error.message).to.contain('No plugin contributes the command "nope"'),
        );
      } finally {
        await th.close();
      }
    });

    it('is listed by tributary plugins under its point id', async () => {
      const listed = await runCli(['plugins'], { host: { plugins: [greeter, french, german] } });
      expect(listed.code, listed.stderr).to.equal(0);
      expect(listed.stdout).to.contain('acme-french 1.0.0 (inline)\n  acme.greeting: fr\n');
      expect(listed.stdout).to.contain('acme-greeter 1.0.0 (inline)\n  commands: greet\n');
    });

    it('reports a contribution its point refuses and a key contributed twice to a unique point, naming the plugins', async () => {
      const again = plugin('acme-french-again', (env) => env.contribute(Greetings, { language: 'fr', text: 'Salut' }));
      const empty = plugin('acme-empty', (env) => env.contribute(Greetings, { language: 'xx', text: '' }));
      expect(await loadProblems([greeter, french, again, empty])).to.deep.equal([
        'plugin "acme-french-again": greeting "fr" is already contributed by plugin "acme-french"',
        'plugin "acme-empty": greeting "xx" has no text',
      ]);
    });

    it('refuses a per-run contribution to a point that is not made per run', async () => {
      const perRun = plugin('acme-per-run', (env) =>
        env.contribute(Greetings, () => ({ language: 'it', text: 'Ciao' }), { perRun: true }),
      );
      expect(await loadProblems([perRun])).to.deep.equal([
        'plugin "acme-per-run": greeting contributions cannot be made per run',
      ]);
    });
  });

  describe('services', () => {
    interface Clock {
      readonly name: string;
    }
    const ClockService = createServiceRef<Clock>({ id: 'acme.clock' });
    const reader = plugin('acme-reader', (env) =>
      env.contribute(CliCommands, (services) => ({
        name: 'clock',
        summary: 'Names the clock',
        help: '',
        run: async (_args, io) => (io.stdout.write(services.get(ClockService).name), 0),
      })),
    );

    it('gives the default, or the override whichever plugin loads first, made once on first use', async () => {
      let made = 0;
      const defaults = plugin('acme-default', (env) => env.provide(ClockService, () => (made++, { name: 'system' })));
      const overrides = plugin('acme-override', (env) => env.override(ClockService, () => (made++, { name: 'fake' })));
      for (const order of [
        [defaults, reader],
        [overrides, defaults, reader],
      ]) {
        made = 0;
        const th = await bareHost(order);
        try {
          expect(made, 'made before first use').to.equal(0);
          const expected = order.includes(overrides) ? 'fake' : 'system';
          expect((await th.runCommand('clock')).stdout).to.equal(expected);
          expect(th.service(ClockService)?.name).to.equal(expected);
          expect(made).to.equal(1);
        } finally {
          await th.close();
        }
      }
    });

    it('reports two defaults or two overrides of one service, naming both plugins, and a plugin providing a host service', async () => {
      const one = plugin(
        'acme-one',
        (env) => (
          env.provide(ClockService, () => ({ name: 'one' })),
          env.override(ClockService, () => ({ name: 'one' }))
        ),
      );
      const two = plugin(
        'acme-two',
        (env) => (
          env.provide(ClockService, () => ({ name: 'two' })),
          env.override(ClockService, () => ({ name: 'two' }))
        ),
      );
      const hostile = plugin('acme-hostile', (env) =>
        env.override(HostContextService, (services) => services.get(HostContextService)),
      );
      expect(await loadProblems([one, two, hostile])).to.deep.equal([
        'plugin "acme-two": provides service "acme.clock", which plugin "acme-one" already provides',
        'plugin "acme-two": overrides service "acme.clock", which plugin "acme-one" already overrides',
        'plugin "acme-hostile": service "core.host-context" is provided by the host: a plugin can neither provide nor override it',
      ]);
    });

    it('answers undefined for a service nobody provides, and get() names it', async () => {
      const th = await bareHost([reader]);
      try {
        expect(th.service(ClockService)).to.equal(undefined);
        const error = await th.runCommand('clock').catch((e: unknown) => e as TributaryError);
        expect(error).to.include({ code: 'PLUGIN_NO_SERVICE' });
        expect((error as Error).message).to.contain('"acme.clock"');
      } finally {
        await th.close();
      }
    });
  });

  describe('lifecycle', () => {
    it('starts plugins in load order once the host is ready, closes them in reverse order once, and closes a lazy resource only if it was opened', async () => {
      const events: string[] = [];
      const lifecycle = (id: string, useResource: boolean) =>
        plugin(id, (env) => {
          const resource = env.lazy(
            (services) => (events.push(`${id} opened in ${services.get(HostContextService).stateDir}`), { id }),
            (opened) => void events.push(`${opened.id} resource closed`),
          );
          env.onStart(() => void events.push(`${id} started`));
          env.onClose(() => void events.push(`${id} closed`));
          if (useResource)
            env.contribute(CliCommands, {
              name: `use-${id}`,
              summary: '',
              help: '',
              run: async () => (resource(), resource(), 0),
            });
        });
      const th = await bareHost([lifecycle('acme-a', true), lifecycle('acme-b', false), lifecycle('acme-c', true)]);
      expect(events).to.deep.equal(['acme-a started', 'acme-b started', 'acme-c started']);
      await th.runCommand('use-acme-a');
      expect(events.slice(3)).to.deep.equal(['acme-a opened in :memory:']);
      await th.close();
      await th.close();
      expect(events.slice(4)).to.deep.equal([
        'acme-c closed',
        'acme-b closed',
        'acme-a closed',
        'acme-a resource closed',
      ]);
    });
  });

  describe('lazy resources of the built-ins', () => {
    it('opens no store while plugins load and validate: tributary validate creates no execution log', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tributary-validate-'));
      try {
        writeFileSync(
          join(dir, 'tributary.config.yaml'),
          `state: { dir: ${JSON.stringify(join(dir, 'state'))} }\nsinks: [{ id: out, type: jsonl, path: ${JSON.stringify(join(dir, 'out.jsonl'))} }]\n`,
        );
        const validated = await runCli(['validate', '--config', join(dir, 'tributary.config.yaml')]);
        expect(validated.code, validated.stderr).to.equal(0);
        expect(readdirSync(dir)).to.deep.equal(['tributary.config.yaml']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('per-run contributions', () => {
    it("makes a per-run listener afresh for each run with that run's context, and a shared one once", async () => {
      const made: string[] = [];
      const listeners = plugin('acme-listeners', (env) => {
        env.contribute(
          ExecutionListeners,
          (services) => {
            const context = services.get(RunContextService);
            made.push(context.run.runId);
            return { id: 'per-run', start: (run) => (expect(run.runId).to.equal(context.run.runId), {}) };
          },
          { perRun: true },
        );
        env.contribute(ExecutionListeners, () => (made.push('shared'), { id: 'shared', start: () => ({}) }));
      });
      const th = await startTestHost({
        config: oneConnector,
        plugins: [
          testPlugin({ connectorTemplates: [syntheticConnector({ rows: 3 })], sinkTypes: [recordingSink()] }),
          listeners,
        ],
        withoutBuiltins: true,
      });
      try {
        const first = await th.run('users');
        const second = await th.run('users');
        expect(made).to.deep.equal(['plugin-validation', 'shared', first.runId, second.runId]);
      } finally {
        await th.close();
      }
    });
  });

  describe('limits', () => {
    it('refuses to run a connector when no listener enforces the limits (RUN_NO_LIMITS)', async () => {
      const noLimits = plugin('execution-log', () => undefined);
      const host = await createHost({
        config: oneConnector,
        withoutBuiltins: true,
        stateDir: ':memory:',
        logger: silentLogger,
        plugins: [
          noLimits,
          testPlugin({ connectorTemplates: [syntheticConnector({ rows: 3 })], sinkTypes: [recordingSink()] }),
        ],
      });
      try {
        const error = await host.run('users').catch((e: unknown) => e as TributaryError);
        expect(error).to.include({ code: 'RUN_NO_LIMITS', category: 'config' });
        expect((error as Error).message).to.match(/^No execution listener enforces the row and per-UPN limits/);
      } finally {
        await host.close();
      }
    });

    it('keeps the limits in a kit host without the built-ins, and with the execution log switched off', async () => {
      for (const executionLog of [true, false]) {
        const th = await startTestHost({
          config: { ...oneConnector, limits: { maxRowsPerSync: 5 } },
          plugins: [
            testPlugin({ connectorTemplates: [syntheticConnector({ rows: 8 })], sinkTypes: [recordingSink()] }),
          ],
          withoutBuiltins: true,
          executionLog,
        });
        try {
          const result = await th.run('users');
          expect([result.status, result.processedRows], `executionLog: ${executionLog}`).to.deep.equal(['partial', 5]);
          expect(JSON.parse((await th.runCommand('logs', ['--format', 'json'])).stdout)).to.have.length(
            executionLog ? 1 : 0,
          );
        } finally {
          await th.close();
        }
      }
    });
  });
});
