import type { ConnectorContext } from 'tributary-kit';
import type { Page } from 'playwright-core';
import { startTestServer, syntheticConnector, testPlugin, type TestServer } from '../../../testing.js';

/** The connector of a {@link ControlConsole}: its source's users and their department, into the sqlite sink. */
export const PEOPLE = 'people';
/** Rows the source delivers at a time. */
export const BATCH = 10;

/** Where the next run of a {@link ControlConsole} stops. */
export interface Pause {
  /** Resolves once the run waits there. */
  readonly reached: Promise<void>;
  /** Lets the run go on. */
  release(): void;
}

/** `serve` with a token whose connector {@link PEOPLE} reads a source the test changes and can stop mid-run. */
export interface ControlConsole {
  readonly server: TestServer;
  /** The department of the user at each row, as the source delivers it from the next batch on. */
  readonly departments: string[];
  /** The UPN of the user at row `row`. */
  upn(row: number): string;
  /**
   * The next run waits before its batch `batch` (0 first) until `release` is called or the run is
   * cancelled (its signal aborts), so that a test sees it in progress without waiting for time.
   */
  pauseAt(batch: number): Pause;
  close(): Promise<void>;
}

/** Resolves on `release` or when `signal` aborts, whichever comes first. */
function waitUnlessAborted(signal: AbortSignal, released: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
    void released.then(resolve);
  });
}

/**
 * Starts the test server of a {@link ControlConsole} with `rows` users (all in `Sales` at first) and the
 * connector's `hold:` thresholds, when given.
 */
export async function startControlConsole(
  token: string,
  options: { readonly rows: number; readonly hold?: Readonly<Record<string, number>> },
): Promise<ControlConsole> {
  const departments = Array.from({ length: options.rows }, () => 'Sales');
  const upn = (row: number): string => `user${row}@acme.example`;
  let pause: { batch: number; reached: () => void; released: Promise<void> } | undefined;
  let reading: ConnectorContext | undefined;
  let batch = 0;
  const template = syntheticConnector({
    id: 'people-source',
    rows: options.rows,
    batchSize: BATCH,
    record: (i) => ({ Username: upn(i), Department: departments[i]! }),
    beforeBatch: async (_index, context) => {
      batch = context === reading ? batch + 1 : 0;
      reading = context;
      if (!pause || pause.batch !== batch) return;
      const { reached, released } = pause;
      pause = undefined;
      reached();
      await waitUnlessAborted(context.signal, released);
    },
  });
  const config = {
    sinks: [{ id: 'users', type: 'sqlite' }],
    connectors: [
      {
        nqlId: PEOPLE,
        name: 'People',
        connector: 'people-source',
        mapping: { identification: 'Username', fields: [{ source: 'Department', target: 'department' }] },
        ...(options.hold ? { hold: options.hold } : {}),
      },
    ],
  };
  const server = await startTestServer({ config, plugins: [testPlugin({ connectorTemplates: [template] })], token });
  return {
    server,
    departments,
    upn,
    pauseAt(at) {
      let release = (): void => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      let reached = (): void => undefined;
      const waiting = new Promise<void>((resolve) => (reached = resolve));
      pause = { batch: at, reached, released };
      return { reached: waiting, release };
    },
    close: async () => void (await server.stop()),
  };
}

/**
 * The id of `nqlId`'s run that `path` (`/api/runs/live` or `/api/runs/held`) lists, once it lists one:
 * the page asks the API until it does (those lists change at the host's next report, not at an event
 * the test can await).
 */
export async function listedRun(page: Page, token: string, path: string, nqlId: string): Promise<string> {
  // On a loaded machine Playwright has settled this wait on an async predicate with no value (seen about
  // once in four runs): that is not an answer, so the page asks again.
  for (;;) {
    const found = await page.waitForFunction(
      async ([url, bearer, id]) => {
        const response = await fetch(url, { headers: { Authorization: `Bearer ${bearer}` } });
        const { runs } = (await response.json()) as { runs: Array<{ runId: string; nqlId: string }> };
        return runs.find((run) => run.nqlId === id)?.runId;
      },
      [path, token, nqlId] as const,
      { polling: 100 },
    );
    const runId: unknown = await found.jsonValue();
    if (typeof runId === 'string') return runId;
  }
}
