import { messageOf, type Logger } from '../../core/index.js';

type Hook = () => void | Promise<void>;

/** The plugins' `onStart` and `onClose` hooks: started in load order, closed in reverse. */
export class PluginLifecycle {
  private readonly starts: Array<{ readonly plugin: string; readonly hook: Hook }> = [];
  private readonly closes: Array<{ readonly plugin: string; readonly hook: Hook }> = [];
  private closed = false;

  onStart(plugin: string, hook: Hook): void {
    this.starts.push({ plugin, hook });
  }

  onClose(plugin: string, hook: Hook): void {
    this.closes.push({ plugin, hook });
  }

  async start(): Promise<void> {
    for (const { hook } of this.starts) await hook();
  }

  /** Calls every close hook once, the last registered first; one that fails is logged and the others still run. */
  async close(logger: Logger): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const { plugin, hook } of [...this.closes].reverse()) {
      try {
        await hook();
      } catch (error) {
        logger.error(`Plugin "${plugin}" failed to close: ${messageOf(error)}`);
      }
    }
  }
}
