import type { BuiltinCommand } from './builtin-command.js';
import { auditCommand } from './commands/audit-command.js';
import { checkCommand } from './commands/check-command.js';
import { configCommand } from './commands/config-command.js';
import { demoCommand } from './commands/demo-command.js';
import { describeCommand } from './commands/describe-command.js';
import { newCommand } from './commands/new-command.js';
import { pauseCommand, resumeCommand } from './commands/pause-command.js';
import { pluginsCommand } from './commands/plugins-command.js';
import { previewCommand } from './commands/preview-command.js';
import { runCommand } from './commands/run-command.js';
import { runsCommand } from './commands/runs-command.js';
import { serveCommand } from './commands/serve-command.js';
import { validateCommand } from './commands/validate-command.js';

/** The commands the host implements, in the order `--help` lists them. */
export const BUILTIN_COMMANDS: readonly BuiltinCommand[] = [
  validateCommand,
  checkCommand,
  runCommand,
  serveCommand,
  runsCommand,
  pauseCommand,
  resumeCommand,
  auditCommand,
  describeCommand,
  previewCommand,
  pluginsCommand,
  configCommand,
  newCommand,
  demoCommand,
];
