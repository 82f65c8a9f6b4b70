import type { Plugin } from '../../core/index.js';
import type { ConformanceOptions, ConformanceScenario } from './conformance-options.js';
import { inScenario, templateIdOf, type DeclareScenario } from './conformance-harness.js';
import { declareFailureScenarios } from './failure-scenarios.js';
import { declareReadScenarios } from './read-scenarios.js';
import { declareRecoveryScenarios } from './recovery-scenarios.js';
import { declareRowLimitScenarios } from './row-limit-scenarios.js';
import { notApplicableScenarios, notApplicableTitle } from './not-applicable.js';
import { declareSetupScenarios } from './setup-scenarios.js';
import { testRunner } from '../test-runner.js';

/**
 * Declares the conformance suite of a connector plugin (under mocha, or Node's test runner): it loads through the real
 * loader, `check` passes on the fixtures and fails cleanly on bad credentials, `read` yields records,
 * reads every page exactly once with no row twice and counts every request, the row limit stops it
 * without fetching further and ends the run `partial`, a 429/5xx is retried and a refused session
 * renewed, cancellation stops it with a typed error, and failures are TributaryErrors.
 * `options.setup` prepares the source of each scenario. A scenario declared not applicable
 * (`options.notApplicable`) is reported as one passing test titled with its reason; a skipped one as
 * pending. Throws a `ConfigError` (before declaring anything) for a misused `notApplicable`.
 */
export function describeConnectorConformance(plugin: Plugin, options: ConformanceOptions): void {
  const notApplicable = notApplicableScenarios(options);
  const { describe, it, skip, before } = testRunner();
  const suiteTitle = `connector conformance: ${plugin.id}${options.title ? ` (${options.title})` : ''}`;
  describe(
    suiteTitle,
    () => {
      let templateId: string | undefined;
      let loadError: unknown;
      before(async () => {
        try {
          templateId = await templateIdOf(plugin, options);
        } catch (error) {
          loadError = error;
        }
      });
      const reported = new Set<ConformanceScenario>();
      const scenario: DeclareScenario = (name, title, config, body) => {
        const reason = notApplicable.get(name);
        if (reason !== undefined) {
          // One passing test per scenario, in place of its tests: nothing to fix, unlike a pending one.
          if (!reported.has(name)) it(notApplicableTitle(name, reason), async () => undefined);
          reported.add(name);
          return;
        }
        const pending =
          options.skip?.includes(name) || (name === 'bad-credentials' && options.badCredentials === undefined);
        const test = pending ? skip : it;
        test(title, async () => {
          if (templateId === undefined) throw loadError;
          await inScenario(plugin, options, templateId, name, config, body);
        });
      };

      declareSetupScenarios(scenario, plugin);
      declareReadScenarios(scenario, options);
      declareRowLimitScenarios(scenario, options);
      declareRecoveryScenarios(scenario, options);
      declareFailureScenarios(scenario);
    },
    { timeoutMs: options.timeoutMs ?? 20_000 },
  );
}
