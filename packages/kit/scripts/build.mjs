// Builds dist/ for the package: JavaScript without comments (what runs needs none), and declarations
// whose comments stay where a plugin author reads them in an editor, the plugin API (core/) and the test
// kit (testing/); the kernel's and the built-in plugins' declarations, which only the host imports, go
// without. A plugin's development install carries about 210 kB less than with every comment kept.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const kit = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const build = (...options) =>
  execFileSync(process.execPath, [tsc, '-p', join(kit, 'tsconfig.build.json'), ...options], { stdio: 'inherit' });

rmSync(join(kit, 'dist'), { recursive: true, force: true });
build('--removeComments');
const documented = mkdtempSync(join(tmpdir(), 'tributary-kit-declarations-'));
try {
  build('--emitDeclarationOnly', '--outDir', documented);
  for (const folder of ['core', 'testing'])
    cpSync(join(documented, folder), join(kit, 'dist', folder), { recursive: true });
} finally {
  rmSync(documented, { recursive: true, force: true });
}
