import { silentLogger, type Plugin } from 'tributary-kit';
import { createHost } from '../../host/builtins/create-host.js';
import type { Host } from 'tributary-kit/internal/kernel/create-host.js';

/** A host of `config` and `plugins` only (no built-ins), its stores in memory and its logger silent. */
export function bareHost(config: object, plugins: readonly Plugin[]): Promise<Host> {
  return createHost({ config, withoutBuiltins: true, stateDir: ':memory:', logger: silentLogger, plugins });
}
