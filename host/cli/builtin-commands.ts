import type { BuiltinCommand } from './builtin-command.js';

/**
 * A built-in command as `--help` lists it, and how to load it: its module (and what that imports) is
 * imported only when the command runs or shows its own help.
 */
export interface BuiltinCommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly hidden?: boolean;
  load(): Promise<BuiltinCommand>;
}

/** The commands the host implements, in the order `--help` lists them. */
export const BUILTIN_COMMANDS: readonly BuiltinCommandEntry[] = [
  {
    name: 'validate',
    summary: 'Check the config file offline (schema, plugins, references, mappings); --online: fields too',
    load: async () => (await import('./commands/validate-command.js')).validateCommand,
  },
  {
    name: 'check',
    summary: 'Authenticate, read one page and try the mapping; writes nothing',
    load: async () => (await import('./commands/check-command.js')).checkCommand,
  },
  {
    name: 'run',
    summary: 'Run connectors now and print their execution-log entries',
    load: async () => (await import('./commands/run-command.js')).runCommand,
  },
  {
    name: 'serve',
    summary: 'Run every connector on its schedule until SIGINT/SIGTERM',
    load: async () => (await import('./commands/serve-command.js')).serveCommand,
  },
  {
    name: 'runs',
    summary: 'Held runs and runs in progress: list them, approve or reject a held run, cancel a run',
    load: async () => (await import('./commands/runs-command.js')).runsCommand,
  },
  {
    name: 'pause',
    summary: "Pause a connector's schedule: serve starts none of its scheduled runs until resumed",
    load: async () => (await import('./commands/pause-command.js')).pauseCommand,
  },
  {
    name: 'resume',
    summary: "Resume a connector's paused schedule, and lift its quarantine",
    load: async () => (await import('./commands/pause-command.js')).resumeCommand,
  },
  {
    name: 'audit',
    summary: 'The audit trail: who approved, rejected, cancelled, paused or ran what, newest first',
    load: async () => (await import('./commands/audit-command.js')).auditCommand,
  },
  {
    name: 'describe',
    summary: "List the source's fields and their types; writes nothing",
    load: async () => (await import('./commands/describe-command.js')).describeCommand,
  },
  {
    name: 'preview',
    summary: 'Show what a run would do with one user, step by step; writes nothing',
    load: async () => (await import('./commands/preview-command.js')).previewCommand,
  },
  {
    name: 'plugins',
    summary: 'List the loaded plugins and what each contributes',
    load: async () => (await import('./commands/plugins-command.js')).pluginsCommand,
  },
  {
    name: 'config',
    summary: "Print the config file's JSON Schema (config schema), for editors",
    load: async () => (await import('./commands/config-command.js')).configCommand,
  },
  {
    name: 'new',
    summary: 'Create a new plugin package (tributary new plugin <name> --kind connector|sink|credential)',
    load: async () => (await import('./commands/new-command.js')).newCommand,
  },
  {
    name: 'demo',
    summary: 'Run the demo sync against the bundled Salesforce sandbox (what `npm start` does)',
    hidden: true,
    load: async () => (await import('./commands/demo-command.js')).demoCommand,
  },
];
