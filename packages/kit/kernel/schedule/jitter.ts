import { createHash } from 'node:crypto';

/**
 * A stable offset in whole seconds between 0 and `jitterSeconds` (inclusive), derived from `key`
 * (the connector's NQL ID): the same connector always starts at the same offset after its nominal
 * time, and many connectors sharing one schedule spread out instead of starting on the same second.
 */
export function jitterOffsetMs(key: string, jitterSeconds: number): number {
  if (jitterSeconds <= 0) return 0;
  const hash = createHash('sha256').update(key).digest().readUInt32BE(0);
  return (hash % (jitterSeconds + 1)) * 1000;
}
