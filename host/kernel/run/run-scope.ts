import { Container } from 'inversify';
import {
  CancelledError,
  ExecutionListenerToken,
  PluginError,
  RunContextToken,
  type ExecutionListener,
  type Logger,
  type RunContext,
  type RunInfo,
} from '../../../core/index.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { listenerProblems } from '../plugins/validate-contribution.js';

/** One run's child of the host container: what is resolved here is resolved for that run only. */
export interface RunScope {
  readonly container: Container;
  /** The execution listeners observing this run, in plugin order. */
  listeners(): ExecutionListener[];
  /** Forgets the run's bindings; run-scoped instances become garbage with it. */
  dispose(): Promise<void>;
}

/**
 * Opens the child scope of one run: the run's context is bound in it, and the execution listeners are
 * resolved from it, so a listener bound per run (transient scope) gets its own instance and context
 * while a singleton listener is shared by every run.
 */
export function openRunScope(parent: Container, registry: PluginRegistry, context: RunContext): RunScope {
  const container = new Container({ parent });
  container.bind(RunContextToken).toConstantValue(context);
  return {
    container,
    listeners() {
      if (!container.isBound(ExecutionListenerToken)) return [];
      const listeners = container.getAll<ExecutionListener>(ExecutionListenerToken);
      for (const listener of listeners) {
        const [problem] = listenerProblems(listener);
        if (problem) throw new PluginError(registry.ownerOf('executionListeners', String(listener.id)) ?? 'unknown', 'PLUGIN_INVALID_LISTENER', problem);
      }
      return listeners;
    },
    dispose: () => container.unbindAll(),
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
