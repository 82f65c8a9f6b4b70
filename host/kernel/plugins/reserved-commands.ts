/** Command names the host implements itself; a plugin cannot take them. */
export const RESERVED_COMMANDS: ReadonlySet<string> = new Set(['validate', 'check', 'run', 'serve', 'plugins', 'help', 'demo', 'new']);
