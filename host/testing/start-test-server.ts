import type { RunResult } from 'tributary-kit';
import type { SchedulerEvent } from '../serve/scheduler/scheduler-events.js';
import { memoryLogger, type MemoryLogger } from 'tributary-kit/internal/testing/memory-logger.js';
import { recordingListener } from 'tributary-kit/internal/testing/recording-listener.js';
import { testHostSetup } from './builtin-test-host.js';
import type { TestHostOptions } from 'tributary-kit/internal/testing/start-test-host.js';

export interface TestServerOptions extends TestHostOptions {
  /** The operator token (at least 16 characters). Without it the server is read-only. */
  readonly token?: string;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly token: string | undefined;
  readonly logger: MemoryLogger;
  /** `fetch(url + path)`, with the token as `Authorization: Bearer` when the server has one. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Resolves with the result of the next run of `nqlId` that ends (any connector's when omitted). */
  nextRunEnd(nqlId?: string): Promise<RunResult>;
  /** Stops serving like SIGTERM (runs in progress are cancelled); resolves with serve's exit code. */
  stop(): Promise<number>;
}

const TOKEN_VARIABLE = 'TRIBUTARY_TEST_SERVER_TOKEN';

/**
 * `tributary serve` in this process with its HTTP server on a free loopback port: the config's
 * connectors run on their schedules (and on "run now"), every store in memory, the plugins under test
 * loaded. For tests of routes, the console and metrics.
 */
export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  // Loaded here: importing the kit loads neither serve nor its HTTP server (fastify).
  const [{ serveUntilListening }, { FakeSignals }] = await Promise.all([
    import('./serve-until-listening.js'),
    import('../serve/scheduler/signal-source.js'),
  ]);
  const logger = memoryLogger();
  const signals = new FakeSignals();
  const config = {
    ...(options.config as object),
    server: { listen: '127.0.0.1:0', ...(options.token ? { token: `\${${TOKEN_VARIABLE}}` } : {}) },
  };
  const env = { ...options.env, ...(options.token ? { [TOKEN_VARIABLE]: options.token } : {}) };
  const setup = await testHostSetup({ ...options, config, env }, recordingListener(), logger);
  const waiting: Array<{ nqlId?: string; resolve: (result: RunResult) => void }> = [];
  const onEvent = (event: SchedulerEvent | { type: string }): void => {
    if (event.type !== 'finished') return;
    const { result } = event as Extract<SchedulerEvent, { type: 'finished' }>;
    if (!result) return;
    for (const w of [...waiting]) {
      if (w.nqlId !== undefined && w.nqlId !== result.nqlId) continue;
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(result);
    }
  };
  const { server, serving } = await serveUntilListening({ setup, logger, signals, onEvent });
  return {
    url: server.url,
    token: options.token,
    logger,
    fetch: (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (options.token && !headers.has('authorization')) headers.set('authorization', `Bearer ${options.token}`);
      return fetch(`${server.url}${path}`, { ...init, headers });
    },
    nextRunEnd: (nqlId) => new Promise((resolve) => waiting.push({ nqlId, resolve })),
    stop: async () => {
      signals.emit('SIGTERM');
      return serving;
    },
  };
}
