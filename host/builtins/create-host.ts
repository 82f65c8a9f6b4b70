import {
  createHost as createKernelHost,
  type CreateHostOptions,
  type Host,
} from 'tributary-kit/internal/kernel/create-host.js';
import { BUILTIN_PLUGINS } from './builtin-plugins.js';

/**
 * Builds a host whose built-in plugins are this repository's ({@link BUILTIN_PLUGINS}): the kernel's
 * createHost with that table. What the embedding API, the CLI and the repository's tests build.
 */
export function createHost(options: CreateHostOptions = {}): Promise<Host> {
  return createKernelHost({ ...options, builtins: BUILTIN_PLUGINS });
}
