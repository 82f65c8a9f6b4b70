// Worker entry for the concurrent-decision test: worker threads do not inherit the tsx loader, so load
// the TypeScript worker through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./decide-worker.ts', import.meta.url);
