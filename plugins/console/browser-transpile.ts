import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Development only, when the host runs from its TypeScript source (tsx, the tests): the browser
 * sources in `browser/`, each transpiled to a plain ES module with the `typescript` compiler API (a
 * devDependency, loaded only here) under the same options `npm run build` compiles them with.
 * Transpiling does not type-check: `npm run typecheck` does. The published package never comes here:
 * it serves what the build wrote to `dist/plugins/console/assets/`.
 */
export async function transpileBrowserSources(browserDir: URL): Promise<Map<string, string>> {
  const ts = (await import('typescript')).default;
  const configPath = fileURLToPath(new URL('tsconfig.json', browserDir));
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(`${configPath}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
      },
    },
  );
  if (!config) throw new Error(`${configPath} could not be read`);
  // transpileModule cannot look up package.json's "type", so the module format is stated.
  const compilerOptions = {
    ...config.options,
    module: ts.ModuleKind.ES2022,
    sourceMap: false,
    inlineSourceMap: false,
    declaration: false,
  };
  const modules = new Map<string, string>();
  for (const fileName of config.fileNames) {
    const { outputText } = ts.transpileModule(readFileSync(fileName, 'utf8'), {
      compilerOptions,
      fileName,
      reportDiagnostics: false,
    });
    modules.set(basename(fileName).replace(/\.ts$/, '.js'), outputText);
  }
  return modules;
}
