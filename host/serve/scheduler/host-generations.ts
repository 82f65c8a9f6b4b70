import { ConfigProblemsError, messageOf, type Logger, type RunLease, type RunResult } from 'tributary-kit';
import { scheduleProblems } from 'tributary-kit/internal/kernel/schedule/schedule-problems.js';
import type { ServableHost } from './servable-host.js';

/**
 * The hosts `serveHost` has built, one per (re)load: the one in use, the one just loaded and not yet
 * applied, and in a cluster the first one (its coordinator serves until the end: a reload does not
 * reconnect). New runs use the host in use; a replaced host is closed once the runs it started ended.
 */
export class HostGenerations<H extends ServableHost> {
  private current: H | undefined;
  private loaded: H | undefined;
  private coordinating: H | undefined;
  private readonly runs = new Map<ServableHost, number>();

  constructor(
    private readonly loadHost: () => Promise<H>,
    private readonly logger: Logger,
  ) {}

  /** The host in use, else the one loaded first (before the first config is applied). */
  inUse(): H | undefined {
    return this.current ?? this.loaded;
  }

  /**
   * Builds a host from the config file and refuses one whose schedules cannot be evaluated (closing
   * it); it replaces the previous loaded one. Returns it: its config is applied by {@link apply}.
   */
  async load(): Promise<H> {
    const host = await this.loadHost();
    const problems = scheduleProblems(host.config.connectors);
    if (problems.length > 0) {
      await host.close();
      throw new ConfigProblemsError(problems);
    }
    const unused = this.loaded;
    this.loaded = host;
    await this.closeIfIdle(unused);
    return host;
  }

  /** The loaded host becomes the one in use (serve applied its config); the previous one closes once idle. */
  async apply(): Promise<void> {
    const previous = this.current;
    this.current = this.loaded;
    this.loaded = undefined;
    await this.closeIfIdle(previous);
  }

  /** Keeps `host` open until {@link closeAll} (the cluster's coordinating host). */
  keep(host: H): void {
    this.coordinating = host;
  }

  /** Runs a connector on the host in use, which stays open until the run ended. */
  async run(nqlId: string, signal: AbortSignal, scheduledFor?: Date, lease?: RunLease): Promise<RunResult> {
    const host = this.current as ServableHost;
    this.runs.set(host, (this.runs.get(host) ?? 0) + 1);
    try {
      return await host.run(nqlId, { signal, scheduledFor, lease });
    } finally {
      this.runs.set(host, (this.runs.get(host) ?? 1) - 1);
      await this.closeIfIdle(host);
    }
  }

  /** serve has stopped: every host closes once its runs ended. */
  async closeAll(): Promise<void> {
    const open = [...new Set([this.current, this.loaded, this.coordinating])];
    this.current = undefined;
    this.loaded = undefined;
    this.coordinating = undefined;
    for (const host of open) await this.closeIfIdle(host);
  }

  private async closeIfIdle(host: ServableHost | undefined): Promise<void> {
    if (
      host === undefined ||
      host === this.current ||
      host === this.loaded ||
      host === this.coordinating ||
      this.runs.get(host)
    )
      return;
    await host
      .close()
      .catch((error: unknown) => this.logger.warn(`Closing a replaced host failed: ${messageOf(error)}`));
  }
}
