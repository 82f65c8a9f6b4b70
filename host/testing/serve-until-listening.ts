import { createHost, type KernelHostOptions } from 'tributary-kit/internal/kernel/create-host.js';
import type { Clock } from 'tributary-kit/internal/kernel/schedule/clock.js';
import { serveHost } from '../serve/scheduler/serve-host.js';
import type { ServeOptions } from '../serve/scheduler/serve.js';
import type { FakeSignals } from '../serve/scheduler/signal-source.js';
import { serverFromConfig, type OperatorServer } from '../serve/server/start-server.js';
import type { MemoryLogger } from 'tributary-kit/internal/testing/memory-logger.js';

interface ServeUntilListeningOptions {
  /** What each (re)load builds its host from. */
  readonly setup: KernelHostOptions;
  readonly logger: MemoryLogger;
  readonly signals: FakeSignals;
  readonly onEvent: ServeOptions['onEvent'];
  /** The server's clock (the refused-token log). */
  readonly clock?: Pick<Clock, 'now'>;
}

/** Starts `serve` with its HTTP server and waits until it listens; rejects with serve's log if serve ends first. */
export async function serveUntilListening(
  options: ServeUntilListeningOptions,
): Promise<{ server: OperatorServer; serving: Promise<number> }> {
  const { setup, logger, signals, onEvent, clock } = options;
  let listening: (server: OperatorServer) => void = () => undefined;
  const started = new Promise<OperatorServer>((resolve) => (listening = resolve));
  const serving = serveHost({
    loadHost: () => createHost(setup),
    logger,
    signals,
    watchConfig: false,
    onEvent,
    startServer: serverFromConfig(logger, listening, { clock }),
  });
  const server = await Promise.race([
    started,
    serving.then((code) =>
      Promise.reject(new Error(`serve ended with ${code} before listening:\n${logger.lines.join('\n')}`)),
    ),
  ]);
  return { server, serving };
}
