import type { LimitsConfig, TributaryConfig } from './config-types.js';
import type { Logger } from './logger.js';
import { createToken } from './token.js';

/** What the host tells its plugins about itself. Bound in the host container before plugins load. */
export interface HostContext {
  /** `state.dir` resolved to an absolute path, or `:memory:` for in-memory stores (tests). */
  readonly stateDir: string;
  /** Folder of the config file: relative paths in the config are resolved against it. */
  readonly configDir: string;
  readonly retentionDays: number | undefined;
  readonly limits: LimitsConfig;
  readonly config: TributaryConfig;
  readonly logger: Logger;
  addSecret(value: string): void;
}

/** @deprecated Plugin API 1 token; API 2 plugins use `HostContextService`. */
export const HostContextToken = createToken<HostContext>('core.host-context');
