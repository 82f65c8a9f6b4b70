import { ConfigError } from './error-classes.js';

/** One problem in a configuration: where (`connectors[0].mapping.fields[2].source`) and what. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

/** Every problem of a configuration at once. The CLI prints each on its own line and exits 2. */
export class ConfigProblemsError extends ConfigError {
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[], heading = 'The configuration is invalid') {
    const lines = problems.map((p) => (p.path ? `  - ${p.path}: ${p.message}` : `  - ${p.message}`));
    super(
      'CONFIG_INVALID',
      `${heading} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    );
    this.problems = problems;
  }
}
