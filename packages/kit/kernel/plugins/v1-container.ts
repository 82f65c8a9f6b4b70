import type { Container } from 'inversify';
import {
  HostContextService,
  HttpClientService,
  RunContextService,
  type RunContext,
  type ServiceRef,
} from '../../core/index.js';
import { loadInversify } from '../../core/inversify-library.js';
import type { ServiceTable } from './service-table.js';

/**
 * The inversify container of plugin API 1 modules, made on first use: on a host whose plugins are all
 * of API 2, inversify is never loaded unless something asks for the container. The host's values and,
 * once every plugin is registered, every service declared by a plugin are bound in it under their ids.
 */
export class V1Container {
  #made: Container | undefined;
  #registered = false;

  constructor(private readonly table: ServiceTable) {}

  /** The container, made (and inversify loaded) by the first call. */
  get(): Container {
    if (this.#made) return this.#made;
    const made = new (loadInversify().Container)({ defaultScope: 'Singleton' });
    const services = this.table.resolver();
    for (const ref of [HostContextService, HttpClientService] as Array<ServiceRef<unknown>>)
      made.bind(ref.id).toConstantValue(services.get(ref));
    this.#made = made;
    if (this.#registered) this.bindServices(made);
    return made;
  }

  /** Every plugin is registered: API 1 modules (and readers of the container) find API 2 services under their ids. */
  registered(): void {
    this.#registered = true;
    if (this.#made) this.bindServices(this.#made);
  }

  /** One run's child container, where its context is bound (`RunContextToken`); made on first read too. */
  forRun(context: RunContext): { readonly container: Container; dispose(): Promise<void> } {
    let child: Container | undefined;
    const parent = (): Container => this.get();
    return {
      get container() {
        if (!child) {
          child = new (loadInversify().Container)({ parent: parent() });
          child.bind(RunContextService.id).toConstantValue(context);
        }
        return child;
      },
      dispose: async () => void (await child?.unbindAll()),
    };
  }

  /** Releases what API 1 modules bound (their `onDeactivation`), when the container was made. */
  async close(): Promise<void> {
    await this.#made?.unbindAll();
  }

  private bindServices(container: Container): void {
    for (const id of this.table.declared().filter((declared) => !container.isBound(declared)))
      container.bind(id).toDynamicValue(() => this.table.resolver().get({ id } as never));
  }
}
