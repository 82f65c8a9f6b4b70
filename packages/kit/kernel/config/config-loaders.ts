import type { Loaders } from 'cosmiconfig';
import { cosmiconfigLibrary } from './cosmiconfig-library.js';
import { ConfigProblemsError } from '../../core/errors/config-problem.js';

/** A loaded config holds at most this many values once every YAML alias is expanded (billion laughs). */
const MAX_CONFIG_VALUES = 100_000;
/** Objects and arrays nest at most this deep in a config. */
const MAX_CONFIG_DEPTH = 200;

function problem(filepath: string, message: string): ConfigProblemsError {
  return new ConfigProblemsError([{ path: filepath, message }], 'The configuration file does not parse');
}

/** 1-based line and column of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** JSON with the reason and the position of a syntax error; a leading byte-order mark is ignored. */
function loadJson(filepath: string, content: string): unknown {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = /at position (\d+)/.exec(message)?.[1];
    const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    if (offset === undefined) throw problem(filepath, `JSON syntax error: ${reason}`);
    const { line, column } = lineAndColumn(text, Number(offset));
    throw problem(filepath, `JSON syntax error at line ${line}, column ${column}: ${reason}`);
  }
}

/**
 * Refuses a value graph that refers to itself (`a: &a [*a]`) or that YAML aliases expand beyond
 * MAX_CONFIG_VALUES values. Shared nodes are sized once (memoized), so the check costs the size of
 * the file, not of its expansion.
 */
function checkConfigGraph(filepath: string, root: unknown): void {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  const size = (value: unknown, path: string, depth: number): number => {
    if (typeof value !== 'object' || value === null) return 1;
    const known = sizes.get(value);
    if (known !== undefined) return known;
    if (open.has(value))
      throw problem(
        filepath,
        `${path} refers back to a node that contains it (a YAML alias used inside its own anchor): a config must be a tree`,
      );
    if (depth > MAX_CONFIG_DEPTH) throw problem(filepath, `${path} nests deeper than ${MAX_CONFIG_DEPTH} levels`);
    open.add(value);
    let total = 1;
    for (const [key, child] of Object.entries(value)) {
      total += size(child, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key, depth + 1);
      if (total > MAX_CONFIG_VALUES) {
        throw problem(
          filepath,
          `the config expands to more than ${MAX_CONFIG_VALUES.toLocaleString('en-US')} values (YAML aliases repeating large nodes, "billion laughs"?)`,
        );
      }
    }
    open.delete(value);
    sizes.set(value, total);
    return total;
  };
  size(root, '', 0);
}

function loadYaml(filepath: string, content: string): unknown {
  const value: unknown = cosmiconfigLibrary().defaultLoaders['.yaml'](filepath, content);
  checkConfigGraph(filepath, value);
  return value;
}

/** cosmiconfig's loaders, with positions in JSON errors and bounded YAML aliases. */
export function configLoaders(): Loaders {
  return {
    ...cosmiconfigLibrary().defaultLoaders,
    '.json': loadJson,
    '.yaml': loadYaml,
    '.yml': loadYaml,
    noExt: loadYaml,
  };
}
