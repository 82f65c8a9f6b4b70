import type { ErrorCategory } from './error-category.js';

const BRAND = Symbol.for('tributary.error');

export interface TributaryErrorOptions {
  readonly cause?: unknown;
  /** Facts worth showing with the message (never secrets, never headers). */
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * The root of every error Tributary raises on purpose. `code` is stable and machine-readable
 * (`SF_MALFORMED_QUERY`, `CONFIG_INVALID`), `category` decides what the host does with it, and
 * `message` is one sentence a human can act on.
 */
export class TributaryError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly details: Readonly<Record<string, string | number | boolean>>;

  constructor(code: string, category: ErrorCategory, message: string, options: TributaryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.category = category;
    this.details = options.details ?? {};
    Object.defineProperty(this, BRAND, { value: true });
  }

  get retryable(): boolean {
    return this.category === 'transient';
  }
}

/** True for any TributaryError, even one thrown by another copy of this package. */
export function isTributaryError(value: unknown): value is TributaryError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** The category of any thrown value: unknown errors are fatal. */
export function categoryOf(value: unknown): ErrorCategory {
  return isTributaryError(value) ? value.category : 'fatal';
}
