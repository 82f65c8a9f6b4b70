/**
 * The `tributary` command in a real process, from the sources: `node --import tsx tributary-process.ts <args…>`
 * (bin/tributary.js runs the compiled dist/, which the tests do not build).
 */
import { main } from '../../host/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
