/**
 * `npm run bench`: see docs/performance.md.
 */
import { parseBenchOptions } from './bench-options.js';
import { runComparison } from './compare.js';

const options = parseBenchOptions(process.argv.slice(2));
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const comparison = await runComparison({ rows: options.rows, rounds: options.rounds, only: options.only, log });
console.log(JSON.stringify(comparison, null, 2));
