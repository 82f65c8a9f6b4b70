import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PLAIN_FULL_READ,
  silentLogger,
  type ConnectorConfig,
  type SinkContext,
  type SinkRecord,
  type SinkRunContext,
} from 'tributary-kit';

export function tempStateDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-sqlite-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function sinkContext(stateDir: string): SinkContext {
  return {
    logger: silentLogger,
    stateDir,
    configDir: process.cwd(),
    credential: () => {
      throw new Error('no credentials in these tests');
    },
    addSecret: () => undefined,
  };
}

export function runContext(nqlId = 'sf_users'): SinkRunContext {
  const connector = {
    nqlId,
    name: nqlId,
    connector: 'test',
    sink: 'users',
    parameters: {},
  } as unknown as ConnectorConfig;
  const run = {
    runId: `run-${nqlId}`,
    nqlId,
    dryRun: false,
    startedAt: new Date(),
  } as unknown as SinkRunContext['run'];
  return { run, connector, signal: new AbortController().signal, sync: PLAIN_FULL_READ };
}

export function upn(value: string, fields: Record<string, string | number>): SinkRecord {
  return { identifier: { kind: 'upn', value }, fields };
}
