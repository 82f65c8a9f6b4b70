import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { PLUGIN_API_CONTRACTS, PLUGIN_API_ENTRIES, type ContractRole } from './plugin-api-contracts.js';

/**
 * One exported name: whether it is a value (`value`), a type (`type`) or both (a class), and for a
 * value that can be called or constructed, the fewest and the most arguments it takes (`maxArgs: null`
 * when a rest parameter takes any number).
 */
export interface ExportSurface {
  readonly kind: 'value' | 'type' | 'value+type';
  readonly minArgs?: number;
  readonly maxArgs?: number | null;
}

/** The properties of one recorded interface, methods included, by name. */
export interface ContractSurface {
  readonly role: ContractRole;
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

/** What the conformance suite asks of every connector. */
export interface ScenarioSurface {
  /** Every scenario: each runs against a connector that does not opt out of it. */
  readonly all: readonly string[];
  /** The scenarios a connector cannot declare not applicable. */
  readonly mandatory: readonly string[];
}

/** The public plugin API at one point in time, as `api/plugin-api.json` records it. */
export interface PluginApiSurface {
  readonly pluginApiVersion: number;
  readonly entries: Readonly<
    Record<string, { readonly source: string; readonly exports: Record<string, ExportSurface> }>
  >;
  readonly contracts: Readonly<Record<string, Readonly<Record<string, ContractSurface>>>>;
  readonly conformanceScenarios: ScenarioSurface;
}

export interface SurfaceOptions {
  /** The repository (or a project shaped like it); default this repository. */
  readonly root?: string;
  readonly entries?: Readonly<Record<string, string>>;
  readonly contracts?: Readonly<Record<string, Readonly<Record<string, ContractRole>>>>;
}

const REPOSITORY = resolve(import.meta.dirname, '../..');

function createProgram(root: string, sources: readonly string[]): ts.Program {
  const configFile = join(root, 'tsconfig.json');
  let options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    strict: true,
    types: [],
  };
  if (existsSync(configFile)) {
    const { config } = ts.readConfigFile(configFile, (file) => ts.sys.readFile(file));
    options = ts.parseJsonConfigFileContent(config, ts.sys, root).options;
  }
  return ts.createProgram({
    rootNames: sources.map((s) => join(root, s)),
    options: { ...options, noEmit: true, skipLibCheck: true },
  });
}

const sorted = (names: Iterable<string>): string[] => [...names].sort();
const target = (checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol =>
  symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;

/** The fewest and most arguments over every signature (overloads), or undefined for none. */
function arity(signatures: readonly ts.Signature[]): Pick<ExportSurface, 'minArgs' | 'maxArgs'> | undefined {
  if (signatures.length === 0) return undefined;
  let minArgs = Infinity;
  let maxArgs: number | null = 0;
  for (const signature of signatures) {
    const parameters = signature.getParameters().map((p) => p.valueDeclaration);
    const optional = (p: ts.Declaration | undefined): boolean =>
      p !== undefined && ts.isParameter(p) && (!!p.questionToken || !!p.initializer || !!p.dotDotDotToken);
    const required = parameters.filter((p) => !optional(p)).length;
    const rest = parameters.some((p) => p !== undefined && ts.isParameter(p) && !!p.dotDotDotToken);
    minArgs = Math.min(minArgs, required);
    maxArgs = maxArgs === null || rest ? null : Math.max(maxArgs, parameters.length);
  }
  return { minArgs, maxArgs };
}

function exportSurface(checker: ts.TypeChecker, exported: ts.Symbol): ExportSurface {
  const symbol = target(checker, exported);
  const value = (symbol.flags & ts.SymbolFlags.Value) !== 0;
  const type = (symbol.flags & ts.SymbolFlags.Type) !== 0;
  const kind = value && type ? 'value+type' : value ? 'value' : 'type';
  if (!value) return { kind };
  const valueType = checker.getTypeOfSymbol(symbol);
  const calls = arity([
    ...valueType.getCallSignatures(),
    ...(symbol.flags & ts.SymbolFlags.Class ? valueType.getConstructSignatures() : []),
  ]);
  return calls ? { kind, ...calls } : { kind };
}

function contractSurface(checker: ts.TypeChecker, exported: ts.Symbol, role: ContractRole): ContractSurface {
  const type = checker.getDeclaredTypeOfSymbol(target(checker, exported));
  const properties = checker.getPropertiesOfType(type);
  const isOptional = (p: ts.Symbol): boolean => (p.flags & ts.SymbolFlags.Optional) !== 0;
  return {
    role,
    required: sorted(properties.filter((p) => !isOptional(p)).map((p) => p.name)),
    optional: sorted(properties.filter(isOptional).map((p) => p.name)),
  };
}

/** The string literals of a union type (`'load' | 'check' | …`). */
function literals(type: ts.Type): string[] {
  const members = type.isUnion() ? type.types : [type];
  return members.filter((t): t is ts.StringLiteralType => t.isStringLiteral()).map((t) => t.value);
}

/** The scenarios of `ConformanceScenario`, and those `ConformanceOptions.notApplicable` cannot name. */
function scenarioSurface(checker: ts.TypeChecker, testing: ReadonlyMap<string, ts.Symbol>): ScenarioSurface {
  const scenario = testing.get('ConformanceScenario');
  const options = testing.get('ConformanceOptions');
  if (!scenario || !options) return { all: [], mandatory: [] };
  const all = literals(checker.getDeclaredTypeOfSymbol(target(checker, scenario)));
  const notApplicable = checker.getDeclaredTypeOfSymbol(target(checker, options)).getProperty('notApplicable');
  const declarable = notApplicable
    ? checker.getPropertiesOfType(checker.getNonNullableType(checker.getTypeOfSymbol(notApplicable))).map((p) => p.name)
    : [];
  return { all: sorted(all), mandatory: sorted(all.filter((s) => !declarable.includes(s))) };
}

/** `PLUGIN_API_VERSION`'s literal value, from the core entry. */
function apiVersion(checker: ts.TypeChecker, core: ReadonlyMap<string, ts.Symbol> | undefined): number {
  const symbol = core?.get('PLUGIN_API_VERSION');
  const type = symbol && checker.getTypeOfSymbol(target(checker, symbol));
  if (!type?.isNumberLiteral())
    throw new Error('PLUGIN_API_VERSION is not exported as a number literal by the core entry');
  return type.value;
}

/**
 * The public plugin API of a project, read with the TypeScript compiler: each entry's exported names,
 * the properties of the recorded contracts, `PLUGIN_API_VERSION` and the conformance scenarios.
 */
export function pluginApiSurface(options: SurfaceOptions = {}): PluginApiSurface {
  const root = options.root ?? REPOSITORY;
  const entries = options.entries ?? PLUGIN_API_ENTRIES;
  const program = createProgram(root, Object.values(entries));
  const checker = program.getTypeChecker();
  const exportsOf = new Map<string, Map<string, ts.Symbol>>();
  for (const [entry, source] of Object.entries(entries)) {
    const file = program.getSourceFile(join(root, source));
    const module = file && checker.getSymbolAtLocation(file);
    if (!module) throw new Error(`${source} (${entry}) is not a module`);
    exportsOf.set(entry, new Map(checker.getExportsOfModule(module).map((s) => [s.name, s])));
  }
  const contracts: Record<string, Record<string, ContractSurface>> = {};
  for (const [entry, roles] of Object.entries(options.contracts ?? PLUGIN_API_CONTRACTS)) {
    contracts[entry] = {};
    for (const [name, role] of Object.entries(roles).sort(([a], [b]) => a.localeCompare(b))) {
      const symbol = exportsOf.get(entry)?.get(name);
      if (!symbol) throw new Error(`${entry} exports no "${name}": update test/api/plugin-api-contracts.ts`);
      contracts[entry][name] = contractSurface(checker, symbol, role);
    }
  }
  return {
    pluginApiVersion: apiVersion(checker, exportsOf.get('tributary-host/core')),
    entries: Object.fromEntries(
      Object.entries(entries).map(([entry, source]) => {
        const names = sorted(exportsOf.get(entry)!.keys());
        const exported = Object.fromEntries(
          names.map((n) => [n, exportSurface(checker, exportsOf.get(entry)!.get(n)!)]),
        );
        return [entry, { source, exports: exported }];
      }),
    ),
    contracts,
    conformanceScenarios: scenarioSurface(checker, exportsOf.get('tributary-host/testing') ?? new Map()),
  };
}
