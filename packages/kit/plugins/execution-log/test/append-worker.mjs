// Worker entry for the concurrent-writer test: worker threads do not inherit the tsx loader, so load
// the TypeScript worker through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./append-worker.ts', import.meta.url);
