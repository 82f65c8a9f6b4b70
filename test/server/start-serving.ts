import type { Plugin } from 'tributary-kit';
import type { Clock } from 'tributary-kit/internal/kernel/schedule/clock.js';
import { FakeSignals } from '../../host/serve/scheduler/signal-source.js';
import { serveUntilListening } from '../../host/testing/serve-until-listening.js';
import { testHostSetup } from '../../host/testing/builtin-test-host.js';
import { memoryLogger, recordingListener, type MemoryLogger } from '../../testing.js';

export interface ServingOptions {
  /** The config without `server:`. */
  readonly config: object;
  /** `server:` besides `listen` (a free loopback port): the token reference, limits. */
  readonly server?: object;
  readonly plugins: readonly Plugin[];
  readonly env?: NodeJS.ProcessEnv;
  /** The server's clock (the refused-token log). */
  readonly clock?: Pick<Clock, 'now'>;
}

export interface Serving {
  readonly url: string;
  readonly logger: MemoryLogger;
  /** SIGHUP, resolved once the reload was applied (rejected when it failed). */
  reload(): Promise<void>;
  stop(): Promise<number>;
}

/**
 * `serve` with its HTTP server, as startTestServer starts it, but with the whole `server:` section of
 * the test, its signals (a reload) and the server's clock in the test's hands.
 */
export async function startServing(options: ServingOptions): Promise<Serving> {
  const logger = memoryLogger();
  const signals = new FakeSignals();
  const config = { ...options.config, server: { listen: '127.0.0.1:0', ...options.server } };
  const setup = await testHostSetup(
    { config, plugins: options.plugins, env: options.env ?? {} },
    recordingListener(),
    logger,
  );
  const reloads: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  const onEvent = (event: { type: string; error?: unknown }): void => {
    if (event.type === 'reloaded') reloads.shift()?.resolve();
    if (event.type === 'reload-failed') reloads.shift()?.reject(event.error);
  };
  const { server, serving } = await serveUntilListening({ setup, logger, signals, onEvent, clock: options.clock });
  return {
    url: server.url,
    logger,
    reload: () =>
      new Promise<void>((resolve, reject) => {
        reloads.push({ resolve, reject });
        signals.emit('SIGHUP');
      }),
    stop: () => {
      signals.emit('SIGTERM');
      return serving;
    },
  };
}
