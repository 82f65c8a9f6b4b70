import { builtinIn, type BuiltinTable } from '../kernel/plugins/builtin-table.js';

/** The credential types of the kit's credentials plugin. */
export const CREDENTIALS = builtinIn(import.meta.url, '../plugins', 'credentials', {
  names: { credentials: ['oauth2-client-credentials', 'basic', 'oauth2-jwt-bearer', 'bearer-token'] },
});

/** The execution log: it enforces the limits, so every host loads it. */
export const EXECUTION_LOG = builtinIn(import.meta.url, '../plugins', 'execution-log', {
  commands: true,
  enforcesLimits: true,
});

/**
 * The kit's own built-in plugins, in load order: what its test host knows. A host adds its own around
 * them (the full host's table keeps this order).
 */
export const KIT_BUILTINS: BuiltinTable = [CREDENTIALS, EXECUTION_LOG];
