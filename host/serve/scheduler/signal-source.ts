/** The signals `serve` reacts to: SIGINT/SIGTERM stop, SIGHUP reloads the config. */
export type ServeSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

const SERVE_SIGNALS: readonly ServeSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Where signals come from: the process in production, a test calling `emit` in tests. */
export interface SignalSource {
  /** Calls `handler` on each signal until the returned function is called. */
  listen(handler: (signal: ServeSignal) => void): () => void;
}

/**
 * The process's signals. While listening it keeps the process alive (a server with nothing
 * scheduled still waits for a reload or a stop), and the default exit-on-signal is replaced.
 */
export const processSignals: SignalSource = Object.freeze({
  listen(handler: (signal: ServeSignal) => void): () => void {
    const listeners = SERVE_SIGNALS.map((signal) => [signal, () => handler(signal)] as const);
    for (const [signal, listener] of listeners) process.on(signal, listener);
    const keepAlive = setInterval(() => undefined, 1 << 30);
    return () => {
      clearInterval(keepAlive);
      for (const [signal, listener] of listeners) process.off(signal, listener);
    };
  },
});

/** Signals for tests: `emit('SIGHUP')` behaves as if the process had received it. */
export class FakeSignals implements SignalSource {
  private handlers = new Set<(signal: ServeSignal) => void>();

  listen(handler: (signal: ServeSignal) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  emit(signal: ServeSignal): void {
    for (const handler of [...this.handlers]) handler(signal);
  }

  get listening(): boolean {
    return this.handlers.size > 0;
  }
}
