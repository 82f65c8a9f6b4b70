#!/usr/bin/env node
// The `tributary` command. Runs the compiled CLI (built by `npm install` through the `prepare` script).
import { main } from '../dist/host/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
