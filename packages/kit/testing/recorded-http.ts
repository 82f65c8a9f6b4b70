import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type nockModule from 'nock';
import type { Definition, Scope } from 'nock';
import { scrubRecording, type ScrubOptions } from './scrub-recording.js';

export type RecordMode = 'replay' | 'record';

export interface RecordedHttpOptions extends ScrubOptions {
  /** Default: `record` when the environment variable `TRIBUTARY_RECORD=1`, else `replay`. */
  readonly mode?: RecordMode;
  /** Let requests to 127.0.0.1/localhost through while replaying (a local server next to fixtures). Default true. */
  readonly allowLoopback?: boolean;
}

export interface RecordedHttp {
  readonly mode: RecordMode;
  /**
   * Replay: asserts every recorded answer was used. Record: stops recording and writes the
   * scrubbed fixture. Call it at the end of the test (or in `afterEach`).
   */
  done(): void;
  /** Replay: how many recorded answers were not used yet (a read that stopped early leaves some). */
  unused(): number;
  /** Drops every unused recorded answer (nock's interceptors), so that nothing pending outlives the test. */
  discard(): void;
}

/**
 * nock is loaded on first use, so that the kit imports without it. It is resolved from the project the
 * tests run in (the current folder: a plugin's own `nock`, the copy its tests also use) before the kit's
 * own location (a linked checkout would otherwise give a second copy, whose interceptors the plugin's
 * requests never meet).
 */
function loadNock(): typeof nockModule {
  for (const from of [join(process.cwd(), 'package.json'), import.meta.url]) {
    try {
      return createRequire(from)('nock') as typeof nockModule;
    } catch (error) {
      if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND') throw error;
    }
  }
  throw new Error('useRecordedHttp needs nock: install it in your project (npm i -D nock@14; nock 15 needs Node 22)');
}

const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/** The record mode the environment asks for (`TRIBUTARY_RECORD=1`). */
export function recordModeFromEnv(env: NodeJS.ProcessEnv = process.env): RecordMode {
  return env['TRIBUTARY_RECORD'] === '1' ? 'record' : 'replay';
}

function pathOf(file: string | URL): string {
  return file instanceof URL ? fileURLToPath(file) : file;
}

/**
 * Recorded HTTP on nock. In `replay` mode the network is off and the fixture's answers are served,
 * each once, in order. In `record` mode real requests go out and `done()` saves them to the fixture,
 * scrubbed of tokens, authorization headers, client secrets and instance host names.
 */
export function useRecordedHttp(fixtureFile: string | URL, options: RecordedHttpOptions = {}): RecordedHttp {
  const file = pathOf(fixtureFile);
  const mode = options.mode ?? recordModeFromEnv();
  const nock = loadNock();
  if (mode === 'replay') {
    nock.disableNetConnect();
    if (options.allowLoopback !== false) nock.enableNetConnect(LOOPBACK);
    const scopes: Scope[] = nock.define(JSON.parse(readFileSync(file, 'utf8')) as Definition[]);
    return {
      mode,
      done: () => scopes.forEach((scope) => scope.done()),
      unused: () => scopes.reduce((n, scope) => n + scope.pendingMocks().length, 0),
      discard: () => nock.cleanAll(),
    };
  }
  nock.enableNetConnect();
  nock.recorder.rec({ output_objects: true, dont_print: true });
  return {
    mode,
    unused: () => 0,
    discard: () => undefined,
    done() {
      const definitions = nock.recorder.play() as Definition[];
      nock.recorder.clear();
      nock.restore();
      nock.activate();
      nock.disableNetConnect();
      nock.enableNetConnect(LOOPBACK);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(scrubRecording(definitions, options), null, 2)}\n`);
    },
  };
}
