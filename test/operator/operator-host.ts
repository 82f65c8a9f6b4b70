import { join } from 'node:path';
import {
  ControlStoreService,
  definePlugin,
  PLUGIN_API_VERSION,
  silentLogger,
  type ConnectorContext,
  type ConnectorTemplate,
  type ControlStore,
  type Logger,
  type Notification,
  type Plugin,
  type RecordBatch,
} from 'tributary-kit';
import { createHost } from '../../host/builtins/create-host.js';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';
import { startLocalServer, type LocalServer } from 'tributary-kit/internal/testing/local-server.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { openSqliteControlStore } from 'tributary-kit/internal/plugins/execution-log/store/sqlite-control-store.js';
import { controlOperations } from '../../host/serve/server/control-operations.js';
import type { ChangingSource } from '../support/changing-source.js';
import { peopleConnector } from '../support/sync-host.js';

/** How often runs report themselves in these tests (ms). */
export const POLL_MS = 10;

type Method = keyof ControlStore;
type Args<K extends Method> = Parameters<ControlStore[K]>;

/** The SQLite control store, with a way to wait for one of its calls. */
export interface ObservedStore {
  readonly plugin: Plugin;
  readonly store: ControlStore;
  /** Resolves with the arguments of the next completed call of `method` that passes `test` (made after this call). */
  after<K extends Method>(method: K, test?: (...args: Args<K>) => boolean): Promise<Args<K>>;
}

/** A plugin putting the SQLite control store (in `dir`) in place of the execution log's, its calls observed. */
export function observedStore(dir: string): ObservedStore {
  const opened = openSqliteControlStore(join(dir, 'control.db'));
  const waiters = new Set<{ method: Method; test: (...args: never[]) => boolean; resolve: (args: never[]) => void }>();
  const store = new Proxy(opened.store, {
    get(target, key: Method) {
      if (!(key in target)) return undefined;
      const real = target[key] as (...args: never[]) => Promise<unknown>;
      return async (...args: never[]) => {
        const answer = await real.apply(target, args);
        for (const w of [...waiters])
          if (w.method === key && w.test(...args)) {
            waiters.delete(w);
            w.resolve(args);
          }
        return answer;
      };
    },
  });
  const plugin = definePlugin({
    id: 'observed-control-store',
    version: '0.0.0',
    apiVersion: PLUGIN_API_VERSION,
    register(env) {
      const lazy = env.lazy(
        () => store,
        () => opened.close(),
      );
      env.override(ControlStoreService, () => lazy());
    },
  });
  return {
    plugin,
    store,
    after: (method, test = () => true) =>
      new Promise((resolve) => {
        waiters.add({ method, test: test as never, resolve: resolve as never });
      }),
  };
}

/** A template that reads what `inner` reads, then waits until the test releases it (or the run is aborted). */
export function gatedTemplate(inner: ConnectorTemplate): {
  template: ConnectorTemplate;
  /** Resolves once the read is waiting at the gate (every row read). */
  reached: Promise<void>;
  release(): void;
} {
  let reach: () => void = () => undefined;
  let release: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const opened = new Promise<void>((resolve) => (release = resolve));
  async function* read(context: ConnectorContext): AsyncGenerator<RecordBatch> {
    yield* inner.read(context);
    reach();
    await new Promise<void>((resolve, reject) => {
      context.signal.addEventListener('abort', () => reject(context.signal.reason as Error), { once: true });
      void opened.then(resolve);
    });
  }
  return { template: { ...inner, read }, reached, release };
}

/** The source's template, its read failing while `down` is set. */
export function switchable(source: ChangingSource): { template: ConnectorTemplate; down: boolean } {
  const inner = source.template();
  const state = {
    down: false,
    template: {
      ...inner,
      async *read(context: ConnectorContext): AsyncGenerator<RecordBatch> {
        if (state.down) throw new Error('The source answered HTTP 503');
        yield* inner.read(context);
      },
    },
  };
  return state;
}

/** A webhook target on 127.0.0.1 that answers 200 and keeps each notification it receives. */
export interface WebhookReceiver {
  readonly url: string;
  readonly received: Array<Record<string, unknown>>;
  /** Resolves with the next notification of `kind` received from now on. */
  next(kind: Notification['kind']): Promise<Record<string, unknown>>;
  kinds(): string[];
  close(): Promise<void>;
}

export async function webhookReceiver(): Promise<WebhookReceiver> {
  const received: Array<Record<string, unknown>> = [];
  const waiters: Array<{ kind: string; resolve: (n: Record<string, unknown>) => void }> = [];
  const server: LocalServer = await startLocalServer((req, res) => {
    const notification = JSON.parse(req.body) as Record<string, unknown>;
    received.push(notification);
    for (const w of waiters.filter((x) => x.kind === notification['kind'])) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(notification);
    }
    res.writeHead(200).end('ok');
  });
  return {
    url: `${server.url}/hook`,
    received,
    next: (kind) => new Promise((resolve) => waiters.push({ kind, resolve })),
    kinds: () => received.map((n) => String(n['kind'])),
    close: () => server.close(),
  };
}

export interface OperatorSetup {
  /** The connector's `sync:` (default: full reads, leavers deleted at the first one missed). */
  readonly sync?: object;
  /** Top-level settings: `hold`, `quarantine`, `notify`, `server`… */
  readonly top?: object;
  /** The connector's own `hold:`. */
  readonly hold?: object;
  /** The connector's `schedule:`. */
  readonly schedule?: object;
  /** Its template instead of the source's. */
  readonly template?: ConnectorTemplate;
  /** The sink `users`'s entry besides its id (default: the sqlite sink). */
  readonly sink?: object;
  readonly logger?: Logger;
}

export interface OperatorHost {
  readonly host: Host;
  readonly observed: ObservedStore;
  /** The serve side's operations over this host (no scheduler). */
  readonly operations: ReturnType<typeof controlOperations>;
}

/**
 * A host with the connector `people` reading `source` into the sqlite sink in `dir`, whose runs report
 * themselves every {@link POLL_MS}, the control store observed.
 */
export async function operatorHost(
  dir: string,
  source: ChangingSource,
  setup: OperatorSetup = {},
): Promise<OperatorHost> {
  const observed = observedStore(dir);
  const connector = {
    ...peopleConnector({ sync: setup.sync ?? { mode: 'full', leavers: { action: 'delete', afterFullReads: 1 } } }),
    ...(setup.hold ? { hold: setup.hold } : {}),
    ...(setup.schedule ? { schedule: setup.schedule } : {}),
  };
  const host = await createHost({
    config: {
      state: { dir },
      limits: { minShrinkRows: 1_000 },
      sinks: [{ id: 'users', type: 'sqlite', ...setup.sink }],
      connectors: [connector],
      ...setup.top,
    },
    stateDir: dir,
    logger: setup.logger ?? silentLogger,
    controlPollMs: POLL_MS,
    plugins: [testPlugin({ connectorTemplates: [setup.template ?? source.template()] }), observed.plugin],
  });
  return { host, observed, operations: controlOperations({ current: () => host, control: () => undefined }) };
}

/** Adds `n` users u0… u(n-1) to the source, in departments D0… D4. */
export function seed(source: ChangingSource, n: number): void {
  for (let i = 0; i < n; i++) source.set(`u${i}@acme.example`, { department: `D${i % 5}` });
}
