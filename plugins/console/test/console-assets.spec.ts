import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { TestServer } from '../../../testing.js';
import type {
  ActionOutcome as ServedActionOutcome,
  ConnectorStatus,
  HeldRunView,
  LiveRunView,
  Operations,
  LedgerPage as ServedLedgerPage,
  RunChanges as ServedRunChanges,
  RunsPage as ServedRunsPage,
  UserPreview as ServedUserPreview,
  Overview as ServedOverview,
  AuditEntryView,
} from 'tributary-kit';
import {
  numberField,
  type ActionOutcome,
  type Connector,
  type HeldRun,
  type LiveRun,
  type RunLogLine,
  type LedgerPage,
  type RunChanges,
  type RunsPage,
  type UserPreview,
  type Overview,
  type AuditPage,
} from '../browser/api-types.js';
import { BROWSER_SOURCES, BUILT_ASSETS } from '../console-assets.js';
import { startConsoleServer } from './console-server.js';

const root = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
const browserDir = fileURLToPath(BROWSER_SOURCES);
const browserConfig = join(browserDir, 'tsconfig.json');
const browserSources = readdirSync(browserDir).filter((name) => name.endsWith('.ts'));

/** TypeScript-only syntax left in a served module (type annotations, interfaces, type aliases): none in plain JavaScript. */
function typeSyntax(name: string, body: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const heritage = ts.isExpressionWithTypeArguments(node) && !node.typeArguments;
    if (!heritage && (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)))
      found.push(node.getText());
    else ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(name, body, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS));
  return found;
}

/** The relative imports of a module: `./el.js` from `import { el } from './el.js'`. */
const importsOf = (source: string): string[] => [...source.matchAll(/\bfrom\s+'(\.\/[^']+)'/g)].map((m) => m[1]!);

/**
 * The browser code compiles on its own (DOM, no Node), so it declares the JSON API's answers again as
 * it reads them. These only compile while what the host serves is what the console reads.
 */
const asRead = {
  page: (served: ServedRunsPage): RunsPage => served,
  connector: (served: ConnectorStatus): Connector => served,
  changes: (served: ServedLedgerPage): LedgerPage => served,
  runChanges: (served: ServedRunChanges): RunChanges => served,
  preview: (served: ServedUserPreview): UserPreview => served,
  overview: (served: ServedOverview): Overview => served,
  audit: (served: { entries: AuditEntryView[]; total: number }): AuditPage => served,
  held: (served: HeldRunView): HeldRun => served,
  live: (served: LiveRunView): LiveRun => served,
  outcome: (served: ServedActionOutcome): ActionOutcome => served,
  log: (served: Awaited<ReturnType<Operations['runLog']>>): readonly RunLogLine[] => served,
};

describe('console: the browser code is served as assets', () => {
  let server: TestServer;
  let page: string;

  before(async () => {
    server = await startConsoleServer('console-assets-token-0123456789', [{ nqlId: 'crm_users', name: 'CRM users' }]);
    page = await (await fetch(`${server.url}/console`)).text();
  });
  after(async () => {
    await server?.stop();
  });

  const assetUrls = (): { script: string; style: string } => {
    const script = /<script type="module" src="([^"]+)"><\/script>/.exec(page)?.[1];
    const style = /<link rel="stylesheet" href="([^"]+)">/.exec(page)?.[1];
    expect(script, 'the page loads its script module').to.match(/^\/console\/assets\/[0-9a-f]{12}\/app\.js$/);
    expect(style, 'the page loads its stylesheet').to.match(/^\/console\/assets\/[0-9a-f]{12}\/app\.css$/);
    return { script: script!, style: style! };
  };

  it("the page holds no inline script, and the policy allows only the server's own scripts", async () => {
    const response = await fetch(`${server.url}/console`);
    expect(response.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).to.equal('no-store');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).to.include("default-src 'self'");
    expect(policy).not.to.match(/script-src[^;]*'unsafe-inline'/);
    expect(page.match(/<script\b/g)).to.have.length(1);
    expect(page).not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page).not.to.match(/<style\b|\sstyle="/);
  });

  it('serves the script as JavaScript and the stylesheet as CSS, cacheable for good under their version, with the security headers', async () => {
    const { script, style } = assetUrls();
    for (const [url, type] of [
      [script, 'text/javascript; charset=utf-8'],
      [style, 'text/css; charset=utf-8'],
    ] as const) {
      const response = await fetch(`${server.url}${url}`);
      expect(response.status, url).to.equal(200);
      expect(response.headers.get('content-type'), url).to.equal(type);
      expect(response.headers.get('cache-control'), url).to.equal('public, max-age=31536000, immutable');
      expect(response.headers.get('x-content-type-options'), url).to.equal('nosniff');
      expect(response.headers.get('content-security-policy'), url).to.include("default-src 'self'");
    }
  });

  it('serves every module the script imports, one for each browser source, as plain JavaScript', async () => {
    const { script } = assetUrls();
    const folder = script.slice(0, script.lastIndexOf('/') + 1);
    const served = new Map<string, string>();
    const pending = ['./app.js'];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      const name = next.slice(2);
      if (served.has(name)) continue;
      const response = await fetch(`${server.url}${folder}${name}`);
      expect(response.status, name).to.equal(200);
      expect(response.headers.get('content-type'), name).to.equal('text/javascript; charset=utf-8');
      const body = await response.text();
      served.set(name, body);
      pending.push(...importsOf(body));
    }
    expect([...served.keys()].sort()).to.deep.equal(browserSources.map((name) => name.replace(/\.ts$/, '.js')).sort());
    for (const [name, body] of served) expect(typeSyntax(name, body), name).to.deep.equal([]);
    expect(typeSyntax('typed.js', 'export const n: number = 1;')).to.deep.equal(['number']);
  });

  it("reads the JSON API's answers with the types and readers of its browser code", async () => {
    const ended = server.nextRunEnd('crm_users');
    expect((await server.fetch('/api/connectors/crm_users/run', { method: 'POST' })).status).to.equal(202);
    await ended;
    const runs = asRead.page((await (await server.fetch('/api/runs')).json()) as ServedRunsPage);
    expect(runs.entries.map((entry) => numberField(entry, 'details.number_of_processed_rows'))).to.deep.equal([1]);
    expect(runs.entries.map((entry) => numberField(entry, 'status'))).to.deep.equal([undefined]);
    const { connectors } = (await (await server.fetch('/api/connectors')).json()) as { connectors: ConnectorStatus[] };
    const [connector] = connectors.map(asRead.connector);
    expect(connector?.lastRun?.['details.run_id']).to.equal(runs.entries[0]?.['details.run_id']);
  });

  it('answers 404 for a file that is not an asset, and does not let an asset of another version be stored', async () => {
    const { script } = assetUrls();
    expect((await fetch(`${server.url}/console/assets/0/nothing.js`)).status).to.equal(404);
    expect((await fetch(`${server.url}/console/assets/0/..%2Fconsole-routes.ts`)).status).to.equal(404);
    const stale = await fetch(`${server.url}/console/assets/000000000000/app.js`);
    expect(stale.status).to.equal(200);
    expect(stale.headers.get('cache-control')).to.equal('no-store');
    expect(await stale.text()).to.equal(await (await fetch(`${server.url}${script}`)).text());
  });
});

describe('console: the browser code is type-checked against the DOM', () => {
  const parsed = (): ts.ParsedCommandLine => {
    const read = ts.readConfigFile(browserConfig, (path) => ts.sys.readFile(path));
    expect(read.error).to.equal(undefined);
    return ts.parseJsonConfigFileContent(read.config, ts.sys, browserDir, undefined, browserConfig);
  };

  /** The diagnostics of the browser program, with `replace` standing in for one file's text. */
  const diagnostics = (replace?: { readonly file: string; readonly text: string }): string[] => {
    const { options, fileNames } = parsed();
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    host.readFile = (path) =>
      replace && resolve(path) === resolve(browserDir, replace.file) ? replace.text : readFile(path);
    const program = ts.createProgram({ rootNames: fileNames, options: { ...options, noEmit: true }, host });
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  };

  it('npm run typecheck checks every browser source under its own tsconfig, with the DOM library and no Node types', () => {
    const { options, fileNames } = parsed();
    expect(fileNames.map((f) => relative(browserDir, f)).sort()).to.deep.equal([...browserSources].sort());
    expect(options.lib).to.include('lib.dom.d.ts');
    expect(options.types).to.deep.equal([]);
    const scripts = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts['typecheck']).to.include('tsc --noEmit -p plugins/console/browser/tsconfig.json');
    expect(scripts['build']).to.include('tsc -p plugins/console/browser/tsconfig.json');
  });

  it('finds no error in the browser sources, and fails on a type error or a Node global in one of them', function () {
    this.timeout(60_000);
    expect(diagnostics()).to.deep.equal([]);
    const source = readFileSync(join(browserDir, 'format.ts'), 'utf8');
    expect(
      diagnostics({ file: 'format.ts', text: `${source}\nexport const wrong: number = document.title;\n` }).join('\n'),
    ).to.include("Type 'string' is not assignable to type 'number'");
    expect(
      diagnostics({ file: 'format.ts', text: `${source}\nexport const cwd = process.cwd();\n` }).join('\n'),
    ).to.include("Cannot find name 'process'");
  });

  it('compiles into the folder the published package serves the assets from', () => {
    const outDir = parsed().options.outDir!;
    // BUILT_ASSETS is beside console-assets: in the package, dist/plugins/console/assets.
    const servedFrom = join(root, 'dist', relative(root, fileURLToPath(BUILT_ASSETS)));
    expect(resolve(outDir)).to.equal(resolve(servedFrom));
    expect(dirname(relative(root, servedFrom))).to.equal(join('dist', 'plugins', 'console'));
  });
});
