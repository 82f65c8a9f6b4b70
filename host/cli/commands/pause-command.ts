import type { BuiltinCommand } from '../builtin-command.js';
import { onePositional, reportOutcome, withOperations } from './cli-operations.js';

const PAUSE_USAGE = 'Usage: tributary pause <nqlId> [--config PATH]';
const RESUME_USAGE = 'Usage: tributary resume <nqlId> [--config PATH]';

const EXIT_CODES = 'Exit codes: 0 done, 1 an unknown connector or nothing to do, 2 usage or config error.';

export const pauseCommand: BuiltinCommand = {
  name: 'pause',
  summary: "Pause a connector's schedule: serve starts none of its scheduled runs until resumed",
  help: `${PAUSE_USAGE}

Pauses the connector's schedule for every serve of the deployment (the state dir's, or in a cluster
every host's): its scheduled runs do not start, and the console and serve's API show it paused and
by whom. A run in progress goes on; tributary run, and the console's Run now, still run it.
The pause is recorded in the audit trail (tributary audit) with the actor cli:<your OS user name>.

${EXIT_CODES}`,
  valueOptions: [],
  flags: [],
  acceptsPositionals: true,
  async run({ args, io, loadHost }) {
    const nqlId = onePositional(args.positionals, 'connector nqlId', PAUSE_USAGE);
    return withOperations({ loadHost }, async (operations, actor) =>
      reportOutcome(io, await operations.pause(nqlId, actor)),
    );
  },
};

export const resumeCommand: BuiltinCommand = {
  name: 'resume',
  summary: "Resume a connector's paused schedule, and lift its quarantine",
  help: `${RESUME_USAGE}

Resumes the connector's paused schedule, and lifts its quarantine (the failures before now no
longer count): its next scheduled run starts as due. Recorded in the audit trail with the actor
cli:<your OS user name>. A connector neither paused nor quarantined is left as it is (exit 1).

${EXIT_CODES}`,
  valueOptions: [],
  flags: [],
  acceptsPositionals: true,
  async run({ args, io, loadHost }) {
    const nqlId = onePositional(args.positionals, 'connector nqlId', RESUME_USAGE);
    return withOperations({ loadHost }, async (operations, actor) =>
      reportOutcome(io, await operations.resume(nqlId, actor)),
    );
  },
};
