import type { SinkConfig } from './config-types.js';
import { createToken } from './token.js';

/** One stored attribute, as `tributary users` shows it. */
export interface StoredAttribute {
  readonly kind: string;
  readonly identifier: string;
  readonly field: string;
  readonly value: string | number | null;
  readonly connector: string;
  readonly updated_at: string;
}

export const ATTRIBUTE_COLUMNS = ['kind', 'identifier', 'field', 'value', 'connector', 'updated_at'] as const;

export interface UsersFilter {
  /** Compared case-insensitively. */
  readonly identifier?: string;
  readonly field?: string;
}

/** An open user-attribute store, read by `tributary users`. */
export interface UserAttributeView {
  /** Row count and, per column of {@link ATTRIBUTE_COLUMNS}, the longest text (to print a table while streaming). */
  measure(filter: UsersFilter): Promise<{ readonly count: number; readonly widths: readonly number[] }>;
  /** The matching attributes ordered by kind, identifier (case-insensitively) and field, streamed. */
  rows(filter: UsersFilter): AsyncIterable<StoredAttribute>;
  close(): Promise<void>;
}

/** Reads the store of one sink type, for `tributary users`. */
export interface UserAttributeReader {
  /** The sink type whose store it reads: `sqlite`, `postgres`. */
  readonly sinkType: string;
  /** Opens a configured sink's store for reading: a sentence saying why there is nothing to read, when there is not. */
  open(sink: SinkConfig): Promise<UserAttributeView | string>;
}

/** @deprecated Plugin API 1 token; API 2 plugins use `env.contribute(UserAttributeReaders, …)`. */
export const UserAttributeReaderToken = createToken<UserAttributeReader>('core.user-attribute-reader');
