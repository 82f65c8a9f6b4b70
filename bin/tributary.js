#!/usr/bin/env node
// The `tributary` command. Runs the compiled CLI (built by `npm install` through the `prepare` script).
import { main } from '../dist/host/cli/main.js';

// `tributary users | head`: a closed pipe ends the output quietly, as for any Unix tool.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2));
