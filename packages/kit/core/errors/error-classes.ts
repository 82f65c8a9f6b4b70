import { TributaryError, type TributaryErrorOptions } from './tributary-error.js';

/** The configuration, a parameter or a secret is wrong. Never retried. */
export class ConfigError extends TributaryError {
  constructor(code: string, message: string, options?: TributaryErrorOptions) {
    super(code, 'config', message, options);
  }
}

/** A credential was refused by the service that issued the token. Never retried. */
export class AuthenticationError extends TributaryError {
  constructor(code: string, message: string, options?: TributaryErrorOptions) {
    super(code, 'auth', message, options);
  }
}

/** Worth trying again later: network errors, 5xx, rate limits. */
export class TransientError extends TributaryError {
  constructor(code: string, message: string, options?: TributaryErrorOptions) {
    super(code, 'transient', message, options);
  }
}

/** The source or the sink refused the work for a reason retrying cannot fix. */
export class FatalError extends TributaryError {
  constructor(code: string, message: string, options?: TributaryErrorOptions) {
    super(code, 'fatal', message, options);
  }
}

/** One row cannot be processed: it is skipped and counted, the run goes on. */
export class RowError extends TributaryError {
  constructor(code: string, message: string, options?: TributaryErrorOptions) {
    super(code, 'row', message, options);
  }
}

/** The run was stopped from outside. */
export class CancelledError extends TributaryError {
  constructor(message = 'Cancelled', options?: TributaryErrorOptions) {
    super('CANCELLED', 'cancelled', message, options);
  }
}

/** A plugin is broken; the message always names the plugin. */
export class PluginError extends TributaryError {
  readonly pluginId: string;
  constructor(pluginId: string, code: string, message: string, options?: TributaryErrorOptions) {
    super(code, 'plugin', `Plugin "${pluginId}": ${message}`, options);
    this.pluginId = pluginId;
  }
}
