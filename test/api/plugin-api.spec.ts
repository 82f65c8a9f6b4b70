import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PLUGIN_API_VERSION } from 'tributary-kit';
import {
  CONFORMANCE_SCENARIOS,
  NOT_APPLICABLE_SCENARIOS,
} from 'tributary-kit/internal/testing/conformance/conformance-options.js';
import { checkPluginApi } from './check-plugin-api.js';
import { comparePluginApi } from './compare-plugin-api.js';
import { RECORD_COMMAND, readPluginApiRecord } from './plugin-api-record.js';
import { pluginApiSurface, type PluginApiSurface } from './plugin-api-surface.js';

const CHANGELOG = new URL('../../CHANGELOG.md', import.meta.url);

/** The text under the first heading that names `Plugin API <version>`, up to the next heading of its level or above. */
function migrationSection(changelog: string, version: number): string | undefined {
  const lines = changelog.split('\n');
  const start = lines.findIndex((l) => /^#{2,4} /.test(l) && new RegExp(`\\bPlugin API ${version}\\b`).test(l));
  if (start < 0) return undefined;
  const level = /^#+/.exec(lines[start]!)![0].length;
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && /^#+/.exec(l)![0].length <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

describe('plugin API guard: a change that breaks plugins bumps PLUGIN_API_VERSION', function () {
  let current: PluginApiSurface;
  before(function () {
    this.timeout(300_000); // the compiler reads the whole project and its dependencies' types
    current = pluginApiSurface();
  });

  it('api/plugin-api.json records the plugin API of the current PLUGIN_API_VERSION, and no change breaks it', () => {
    const { problems } = checkPluginApi(readPluginApiRecord(), current);
    expect(problems, `\n${problems.join('\n')}\n`).to.deep.equal([]);
  });

  it(`the record lists every compatible change (pending when one is not recorded yet: run ${RECORD_COMMAND})`, function () {
    const { compatible } = checkPluginApi(readPluginApiRecord(), current);
    if (compatible.length === 0) return;
    console.warn(
      `\nThe plugin API changed compatibly since api/plugin-api.json was recorded; record it (${RECORD_COMMAND}):\n` +
        compatible.map((c) => `  - ${c}`).join('\n'),
    );
    this.skip();
  });

  it('CHANGELOG.md has a migration section for the current plugin API', () => {
    const section = migrationSection(readFileSync(CHANGELOG, 'utf8'), PLUGIN_API_VERSION);
    expect(section, `CHANGELOG.md needs a heading "Plugin API ${PLUGIN_API_VERSION}" (how to migrate)`).to.be.a(
      'string',
    );
    expect(section!.trim(), `the "Plugin API ${PLUGIN_API_VERSION}" section of CHANGELOG.md is empty`).not.to.equal('');
  });

  it('reads the surface from the code: the version, exports, signatures, contracts and scenarios the runtime has', () => {
    expect(current.pluginApiVersion).to.equal(PLUGIN_API_VERSION);
    const core = current.entries['tributary-host/core']!.exports;
    const testing = current.entries['tributary-host/testing']!.exports;
    expect(core['definePlugin']).to.deep.equal({ kind: 'value', minArgs: 1, maxArgs: 1 });
    expect(core['ConfigError']).to.deep.equal({ kind: 'value+type', minArgs: 2, maxArgs: 3 });
    expect(core['PluginManifest']).to.deep.equal({ kind: 'type' });
    expect(testing['describeConnectorConformance']).to.deep.equal({ kind: 'value', minArgs: 2, maxArgs: 2 });
    expect(testing['TestHost']).to.deep.equal({ kind: 'type' }); // an alias of PluginTestHost
    const options = current.contracts['tributary-host/testing']!['ConformanceOptions']!;
    expect(options.required).to.deep.equal(['expectedRows', 'identification', 'parameters']);
    expect(options.optional).to.include.members(['notApplicable', 'skip', 'rowKey', 'setup']);
    expect(current.contracts['tributary-host/core']!['PluginManifest']!.required).to.deep.equal([
      'apiVersion',
      'id',
      'register',
      'version',
    ]);
    expect(current.conformanceScenarios.all).to.deep.equal([...CONFORMANCE_SCENARIOS].sort());
    expect(current.conformanceScenarios.mandatory).to.deep.equal(
      CONFORMANCE_SCENARIOS.filter((s) => !(NOT_APPLICABLE_SCENARIOS as readonly string[]).includes(s)).sort(),
    );
  });
});

const BASE = {
  'core/index.ts': `
export const PLUGIN_API_VERSION = 2;
export type Alias = string;
export interface Template { readonly id: string; read(): void; readonly label?: string }
export interface Context { readonly nqlId: string; readonly maxRows?: number }
export function definePlugin(manifest: { id: string }, extra?: number): void { void manifest; void extra; }
export class Problem { constructor(readonly code: string) {} }
`,
  'testing.ts': `
export type ConformanceScenario = 'load' | 'read' | 'reauth';
export interface ConformanceOptions {
  readonly identification: string;
  readonly expectedRows?: number;
  readonly notApplicable?: Partial<Record<'reauth', string>>;
}
export function describeConnectorConformance(options: ConformanceOptions): void { void options; }
`,
};

type Project = typeof BASE;

/** `BASE` with each `[file, from, to]` replacement made (each must match). */
function changed(...edits: ReadonlyArray<readonly [keyof Project, string, string]>): Project {
  const project = { ...BASE };
  for (const [file, from, to] of edits) {
    expect(project[file], from).to.contain(from);
    project[file] = project[file].replace(from, to);
  }
  return project;
}

describe('plugin API guard: what breaks plugins (on a small project)', function () {
  this.timeout(120_000);
  const roots: string[] = [];
  const surfaceOf = (project: Project): PluginApiSurface => {
    const root = mkdtempSync(join(tmpdir(), 'plugin-api-'));
    roots.push(root);
    for (const [file, text] of Object.entries(project)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    return pluginApiSurface({
      root,
      entries: { 'tributary-host/core': 'core/index.ts', 'tributary-host/testing': 'testing.ts' },
      contracts: {
        'tributary-host/core': { Template: 'implemented', Context: 'received' },
        'tributary-host/testing': { ConformanceOptions: 'implemented' },
      },
    });
  };
  let base: PluginApiSurface;
  before(() => {
    base = surfaceOf(BASE);
  });
  after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('flags removed and renamed exports, lost values, stricter signatures and contracts, and new or mandatory scenarios', () => {
    const breaking = surfaceOf(
      changed(
        ['core/index.ts', 'export type Alias = string;\n', ''],
        [
          'core/index.ts',
          'function definePlugin(manifest: { id: string }, extra?: number)',
          'function definePlugin(manifest: { id: string }, extra: number)',
        ],
        [
          'core/index.ts',
          'export class Problem { constructor(readonly code: string) {} }',
          'export interface Problem { readonly code: string }',
        ],
        [
          'core/index.ts',
          'read(): void; readonly label?: string',
          'read(): void; readonly label: string; readonly version: string',
        ],
        ['core/index.ts', 'readonly nqlId: string;', 'readonly nqlId?: string;'],
        ['testing.ts', 'readonly expectedRows?: number;', 'readonly expectedRows: number;'],
        ['testing.ts', "'load' | 'read' | 'reauth'", "'load' | 'read' | 'paging' | 'reauth'"],
        ['testing.ts', "Partial<Record<'reauth', string>>", 'Partial<Record<never, string>>'],
        ['testing.ts', 'export function describeConnectorConformance(', 'export function describeConformance('],
      ),
    );
    const { breaking: found, compatible } = comparePluginApi(base, breaking);
    expect([...found].sort()).to.deep.equal(
      [
        'tributary-host/core: export "Alias" was removed (or renamed)',
        'tributary-host/core: "definePlugin" needs at least 2 arguments (it needed 1)',
        'tributary-host/core: "Problem" is no longer a value (it was value+type, it is type)',
        'tributary-host/core: Template (implemented by plugins): required property "version" was added',
        'tributary-host/core: Template (implemented by plugins): optional property "label" became required',
        'tributary-host/core: Context (received by plugins): required property "nqlId" became optional',
        'tributary-host/testing: ConformanceOptions (implemented by plugins): optional property "expectedRows" became required',
        'tributary-host/testing: export "describeConnectorConformance" was removed (or renamed)',
        'conformance scenario "paging" was added: it runs against every connector that does not opt out of it',
        'conformance scenario "reauth" became mandatory: it can no longer be declared not applicable',
      ].sort(),
    );
    expect(compatible).to.deep.equal(['tributary-host/testing: new export "describeConformance"']);
    const [problem] = checkPluginApi(base, breaking).problems;
    expect(problem).to.contain('yet PLUGIN_API_VERSION is still 2');
    expect(problem).to.contain('add a "Plugin API 3" migration section to CHANGELOG.md');
  });

  it('lets additions and relaxations pass, listing them for a new record', () => {
    const compatible = surfaceOf(
      changed(
        ['core/index.ts', 'export type Alias = string;', 'export type Alias = string;\nexport const EXTRA = 1;'],
        ['core/index.ts', 'readonly label?: string', 'readonly label?: string; readonly description?: string'],
        ['core/index.ts', 'readonly maxRows?: number', 'readonly maxRows?: number; readonly signal: string'],
        ['core/index.ts', 'extra?: number)', 'extra?: number, more?: string)'],
        ['testing.ts', "Partial<Record<'reauth', string>>", "Partial<Record<'reauth' | 'read', string>>"],
      ),
    );
    const verdict = checkPluginApi(base, compatible);
    expect(verdict.problems).to.deep.equal([]);
    expect([...verdict.compatible].sort()).to.deep.equal(
      [
        'tributary-host/core: new export "EXTRA"',
        'tributary-host/core: Template (implemented by plugins): optional property "description" was added',
        'tributary-host/core: Context (received by plugins): required property "signal" was added',
        'tributary-host/core: "definePlugin" takes more arguments (at most 3, it took 2)',
        'conformance scenario "read" can now be declared not applicable',
      ].sort(),
    );
  });

  it('accepts a breaking change once PLUGIN_API_VERSION is bumped and the new API recorded', () => {
    const breaking = surfaceOf(changed(['core/index.ts', 'export type Alias = string;\n', '']));
    expect(checkPluginApi(base, breaking).problems).to.have.length(1);
    const bumped = surfaceOf(
      changed(['core/index.ts', 'export type Alias = string;\n', ''], ['core/index.ts', 'VERSION = 2', 'VERSION = 3']),
    );
    expect(bumped.pluginApiVersion).to.equal(3);
    const [notRecorded] = checkPluginApi(base, bumped).problems;
    expect(notRecorded).to.match(/^PLUGIN_API_VERSION was bumped from 2 to 3: record the new API/);
    expect(notRecorded).to.contain('export "Alias" was removed');
    expect(checkPluginApi(bumped, bumped)).to.deep.equal({ problems: [], compatible: [] });
    expect(checkPluginApi(bumped, base).problems[0]).to.contain('an API version never goes down');
  });

  it('finds the migration section of a version in a changelog', () => {
    const changelog =
      '# Changelog\n\n## Plugin API 3 (from API 2)\n\nRename x.\n\n### Details\n\nMore.\n\n## [0.1.0]\n\nOld.\n';
    expect(migrationSection(changelog, 3)).to.equal('\nRename x.\n\n### Details\n\nMore.\n');
    expect(migrationSection(changelog, 2)).to.equal(undefined);
    expect(migrationSection('## Plugin API 20\n\nx', 2)).to.equal(undefined);
  });
});
