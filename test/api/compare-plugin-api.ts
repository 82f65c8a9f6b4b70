import type { ContractSurface, ExportSurface, PluginApiSurface } from './plugin-api-surface.js';

/** The differences between a recorded surface and the current one, each one sentence. */
export interface PluginApiChanges {
  /** Changes that can stop an existing plugin from compiling or passing the conformance suite. */
  readonly breaking: readonly string[];
  /** Changes existing plugins do not notice (additions, relaxations): re-record to keep the record exact. */
  readonly compatible: readonly string[];
}

interface Changes {
  readonly breaking: string[];
  readonly compatible: string[];
}

const args = (n: number): string => `${n} argument${n === 1 ? '' : 's'}`;

function compareExport(entry: string, name: string, was: ExportSurface, now: ExportSurface, out: Changes): void {
  for (const meaning of ['value', 'type'] as const) {
    const had = was.kind.includes(meaning);
    const has = now.kind.includes(meaning);
    if (had && !has)
      out.breaking.push(`${entry}: "${name}" is no longer a ${meaning} (it was ${was.kind}, it is ${now.kind})`);
    if (!had && has) out.compatible.push(`${entry}: "${name}" is now also a ${meaning}`);
  }
  if (was.minArgs === undefined || now.minArgs === undefined) return;
  if (now.minArgs > was.minArgs)
    out.breaking.push(`${entry}: "${name}" needs at least ${args(now.minArgs)} (it needed ${was.minArgs})`);
  if (now.minArgs < was.minArgs)
    out.compatible.push(`${entry}: "${name}" needs at least ${args(now.minArgs)} (it needed ${was.minArgs})`);
  const most = (n: number | null | undefined): number => (n === null || n === undefined ? Infinity : n);
  if (most(now.maxArgs) < most(was.maxArgs))
    out.breaking.push(`${entry}: "${name}" takes at most ${args(most(now.maxArgs))} (it took ${most(was.maxArgs)})`);
  if (most(now.maxArgs) > most(was.maxArgs))
    out.compatible.push(
      `${entry}: "${name}" takes more arguments (at most ${most(now.maxArgs)}, it took ${most(was.maxArgs)})`,
    );
}

function compareContract(where: string, was: ContractSurface, now: ContractSurface, out: Changes): void {
  const role = was.role;
  const implemented = role !== 'received';
  const received = role !== 'implemented';
  const wasAll = [...was.required, ...was.optional];
  const nowAll = new Set([...now.required, ...now.optional]);
  for (const name of wasAll.filter((n) => !nowAll.has(n)))
    out.breaking.push(`${where}: property "${name}" was removed`);
  for (const name of now.required.filter((n) => !wasAll.includes(n)))
    (implemented ? out.breaking : out.compatible).push(`${where}: required property "${name}" was added`);
  for (const name of now.optional.filter((n) => !wasAll.includes(n)))
    out.compatible.push(`${where}: optional property "${name}" was added`);
  for (const name of now.required.filter((n) => was.optional.includes(n)))
    (implemented ? out.breaking : out.compatible).push(`${where}: optional property "${name}" became required`);
  for (const name of now.optional.filter((n) => was.required.includes(n)))
    (received ? out.breaking : out.compatible).push(`${where}: required property "${name}" became optional`);
  if (now.role !== was.role) out.compatible.push(`${where}: its role is now "${now.role}" (it was "${was.role}")`);
}

function compareScenarios(was: PluginApiSurface, now: PluginApiSurface, out: Changes): void {
  const { all: wasAll, mandatory: wasMandatory } = was.conformanceScenarios;
  const { all: nowAll, mandatory: nowMandatory } = now.conformanceScenarios;
  for (const name of nowAll.filter((n) => !wasAll.includes(n)))
    out.breaking.push(
      `conformance scenario "${name}" was added: it runs against every connector that does not opt out of it`,
    );
  for (const name of wasAll.filter((n) => !nowAll.includes(n)))
    out.breaking.push(
      `conformance scenario "${name}" was removed: plugins that name it in skip or setup stop compiling`,
    );
  for (const name of nowMandatory.filter((n) => wasAll.includes(n) && !wasMandatory.includes(n)))
    out.breaking.push(`conformance scenario "${name}" became mandatory: it can no longer be declared not applicable`);
  for (const name of wasMandatory.filter((n) => nowAll.includes(n) && !nowMandatory.includes(n)))
    out.compatible.push(`conformance scenario "${name}" can now be declared not applicable`);
}

/**
 * What changed between `recorded` and `current`, split into what breaks existing plugins and what does
 * not. Removed or retyped exports, stricter signatures, stricter contracts (by each one's role), and new,
 * removed or newly mandatory conformance scenarios break them.
 */
export function comparePluginApi(recorded: PluginApiSurface, current: PluginApiSurface): PluginApiChanges {
  const out: Changes = { breaking: [], compatible: [] };
  for (const [entry, { exports: was }] of Object.entries(recorded.entries)) {
    const now = current.entries[entry]?.exports ?? {};
    for (const [name, surface] of Object.entries(was)) {
      const present = now[name];
      if (present) compareExport(entry, name, surface, present, out);
      else out.breaking.push(`${entry}: export "${name}" was removed (or renamed)`);
    }
    for (const name of Object.keys(now).filter((n) => !(n in was)))
      out.compatible.push(`${entry}: new export "${name}"`);
  }
  for (const entry of Object.keys(current.entries).filter((e) => !(e in recorded.entries)))
    out.compatible.push(`new entry ${entry}`);
  for (const [entry, contracts] of Object.entries(recorded.contracts)) {
    for (const [name, was] of Object.entries(contracts)) {
      const now = current.contracts[entry]?.[name];
      const where = `${entry}: ${name} (${was.role} by plugins)`;
      if (now) compareContract(where, was, now, out);
      else out.compatible.push(`${where} is no longer recorded`);
    }
    for (const name of Object.keys(current.contracts[entry] ?? {}).filter((n) => !(n in contracts)))
      out.compatible.push(`${entry}: ${name} is recorded from now on`);
  }
  compareScenarios(recorded, current, out);
  return out;
}
