import { recordingSink } from '../recording-sink.js';
import { startTestHost } from '../kit-test-host.js';
import type { TestHost } from '../start-test-host.js';
import { testPlugin } from '../test-plugin.js';
import type { Plugin } from '../../core/index.js';
import {
  CONFORMANCE_SINK_TYPE,
  conformanceConfig,
  type ConformanceOptions,
  type ConformanceScenario,
} from './conformance-options.js';

/** One scenario's world: a started test host over the setup's source, and what the sink received. */
export interface ScenarioWorld {
  readonly th: TestHost;
  /** The connector template under test. */
  readonly templateId: string;
  readonly sink: ReturnType<typeof recordingSink>;
  /** Requests the source received so far, when the setup counts them. */
  readonly requests: (() => number) | undefined;
}

export interface ScenarioConfig {
  readonly bad?: boolean;
  readonly maxRowsPerSync?: number;
}

/**
 * Declares one scenario's test: its name, title, host config and body. The suite makes it pending when the
 * options skip the scenario, and reports a scenario declared not applicable as one passing test instead.
 */
export type DeclareScenario = (
  name: ConformanceScenario,
  title: string,
  config: ScenarioConfig,
  body: (world: ScenarioWorld) => Promise<void>,
) => void;

/** Runs `body` in a scenario: setup, host start, then host close and teardown whatever happens. */
export async function inScenario<T>(
  plugin: Plugin,
  options: ConformanceOptions,
  templateId: string,
  scenario: ConformanceScenario,
  config: ScenarioConfig,
  body: (world: ScenarioWorld) => Promise<T>,
): Promise<T> {
  const setup = (await options.setup?.(scenario)) ?? {};
  const sink = recordingSink({ type: CONFORMANCE_SINK_TYPE });
  let th: TestHost | undefined;
  try {
    th = await startTestHost({
      config: conformanceConfig(options, templateId, setup.vars ?? {}, config.bad, config.maxRowsPerSync),
      plugins: [plugin, ...(options.plugins ?? []), testPlugin({ id: 'conformance-sink', sinkTypes: [sink] })],
      withoutBuiltins: options.withoutBuiltins,
      env: { ...options.env, ...setup.vars },
    });
    return await body({ th, templateId, sink, requests: setup.requests });
  } finally {
    await th?.close();
    await setup.teardown?.();
  }
}

/** The template id to test: the option, else the only template the plugin contributes. */
export async function templateIdOf(plugin: Plugin, options: ConformanceOptions): Promise<string> {
  const sink = testPlugin({ id: 'conformance-sink', sinkTypes: [recordingSink({ type: CONFORMANCE_SINK_TYPE })] });
  const th = await startTestHost({
    config: { sinks: [{ id: 'out', type: CONFORMANCE_SINK_TYPE }] },
    plugins: [plugin, ...(options.plugins ?? []), sink],
    withoutBuiltins: options.withoutBuiltins,
    env: options.env,
  });
  try {
    const loaded = th.host.registry.plugins.find((p) => p.plugin.id === plugin.id);
    const templates = loaded?.contributions.connectorTemplates ?? [];
    if (options.template) {
      if (!templates.includes(options.template))
        throw new Error(
          `plugin "${plugin.id}" contributes no connector template "${options.template}" (it has: ${templates.join(', ') || 'none'})`,
        );
      return options.template;
    }
    if (templates.length !== 1)
      throw new Error(
        `plugin "${plugin.id}" contributes ${templates.length} connector templates: name one with options.template`,
      );
    return templates[0]!;
  } finally {
    await th.close();
  }
}
