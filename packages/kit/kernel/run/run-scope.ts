import {
  CancelledError,
  PluginError,
  RunContextService,
  ExecutionListeners,
  type ExecutionListener,
  type Logger,
  type RunContext,
  type RunInfo,
} from '../../core/index.js';
import type { LoadedPlugins } from '../plugins/loaded-plugins.js';
import type { ResolveScope } from '../plugins/plugin-wiring.js';

/** One run's scope: what is resolved here is resolved for that run only. */
export interface RunScope {
  /** The run's services and child container, where per-run contributions are made. */
  readonly scope: ResolveScope;
  /** The execution listeners observing this run, in plugin order. */
  listeners(): ExecutionListener[];
  /** Forgets the run's bindings; run-scoped instances become garbage with it. */
  dispose(): Promise<void>;
}

/**
 * Opens the scope of one run: the run's context is available there (`RunContextService`, and
 * `RunContextToken` for API 1 modules), and the execution listeners are resolved from it, so a listener
 * contributed per run gets its own instance and context while any other is shared by every run.
 */
export function openRunScope(
  loaded: Pick<LoadedPlugins, 'container' | 'services' | 'wired'>,
  context: RunContext,
): RunScope {
  const v1 = loaded.container.forRun(context);
  const scope: ResolveScope = {
    get container() {
      return v1.container;
    },
    services: loaded.services.resolver(new Map([[RunContextService.id, context]])),
  };
  return {
    scope,
    listeners() {
      return loaded.wired.flatMap(({ plugin, wiring }) => {
        const listeners = wiring.runListeners(scope);
        for (const listener of listeners) {
          const [problem] = ExecutionListeners.problems(listener);
          if (problem) throw new PluginError(plugin.id, 'PLUGIN_INVALID_LISTENER', problem);
        }
        return listeners;
      });
    },
    dispose: () => v1.dispose(),
  };
}

/** The context contributions are resolved with when plugins load and are validated, before any run. */
export function validationRunContext(logger: Logger): RunContext {
  const run: RunInfo = {
    runId: 'plugin-validation',
    nqlId: '',
    name: '',
    connector: '',
    credentials: '',
    credentialsId: '',
    identifierKind: 'upn',
    startedAt: new Date(0),
    dryRun: true,
  };
  return { run, signal: AbortSignal.abort(new CancelledError('Plugin validation is not a run')), logger };
}
