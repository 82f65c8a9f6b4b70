import type { OperatorServer } from '../../host/serve/server/start-server.js';
import { serverFromConfig } from '../../host/serve/server/start-server.js';
import { createHost } from '../../host/builtins/create-host.js';
import { FakeSignals, serveHost } from '../../host/serve/scheduler/index.js';
import { memoryLogger, type MemoryLogger } from '../../testing.js';
import type { OutageProject } from './outage-project.js';

export interface ServingProject {
  /** The HTTP server's URL. */
  readonly url: string;
  readonly logger: MemoryLogger;
  /** SIGTERM; resolves with serve's exit code. */
  stop(): Promise<number>;
}

/**
 * `tributary serve` on the project as the command builds it (a host from the config, serveHost, the
 * HTTP server), in this process: the signals are the test's. Resolves once the server listens.
 */
export async function serveInProcess(
  project: Pick<OutageProject, 'config' | 'plugin'>,
  env: NodeJS.ProcessEnv,
  options: { readonly controlPollMs?: number } = {},
): Promise<ServingProject> {
  const logger = memoryLogger();
  const signals = new FakeSignals();
  let listening: (server: OperatorServer) => void = () => undefined;
  const started = new Promise<OperatorServer>((resolve) => (listening = resolve));
  const serving = serveHost({
    loadHost: () =>
      createHost({
        config: project.config,
        plugins: [project.plugin],
        env,
        logger,
        deferMappingErrors: true,
        ...(options.controlPollMs ? { controlPollMs: options.controlPollMs } : {}),
      }),
    logger,
    signals,
    watchConfig: false,
    startServer: serverFromConfig(logger, listening),
  });
  const ended = serving.then((code) =>
    Promise.reject(new Error(`serve ended with ${code} before listening:\n${logger.lines.join('\n')}`)),
  );
  const server = await Promise.race([started, ended]);
  return {
    url: server.url,
    logger,
    stop: () => {
      signals.emit('SIGTERM');
      return serving;
    },
  };
}
