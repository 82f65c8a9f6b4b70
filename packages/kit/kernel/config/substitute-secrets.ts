import { resolve } from 'node:path';
import type { ConfigProblem } from '../../core/index.js';
import { literalUrlPassword } from './literal-url-password.js';
import { readSecretFile, SecretFileError } from './read-secret-file.js';

const REFERENCE = /\$\{([^}]*)\}/g;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface Substitution {
  /** Config path of the value, e.g. `credentials[0].clientSecret`. */
  readonly path: string;
  readonly key: string;
  readonly value: string;
  /** The whole string the value went into, once every reference in it was substituted. */
  readonly text: string;
}

export interface SubstitutionResult {
  readonly value: unknown;
  readonly problems: ConfigProblem[];
  /** Every value that came from the environment or a file, with where it went. */
  readonly substitutions: Substitution[];
}

/**
 * Replaces `${ENV_NAME}` with the variable and `${file:path}` with the file's content (trimmed of its
 * final newline; relative to the config file; a regular file of at most 1 MiB), in every string of the
 * config. A missing variable or unreadable file is a problem naming it, unless `allowMissing`
 * (read-only commands that never authenticate): the reference is then left as it is. A file that is
 * no regular file (a FIFO, a device) or is too large is a problem too, and so is a URL whose password
 * is written in the file (`https://admin:pw@…`).
 */
export function substituteSecrets(
  raw: unknown,
  env: NodeJS.ProcessEnv,
  baseDir: string,
  options: { allowMissing?: boolean } = {},
): SubstitutionResult {
  const problems: ConfigProblem[] = [];
  const substitutions: Substitution[] = [];

  function replace(text: string, path: string, key: string): string {
    const found: Array<Omit<Substitution, 'text'>> = [];
    const replaced = text.replace(REFERENCE, (whole, inner: string) => {
      let value: string | undefined;
      if (inner.startsWith('file:')) {
        const file = inner.slice(5).trim();
        try {
          value = readSecretFile(resolve(baseDir, file)).replace(/\r?\n$/, '');
        } catch (error) {
          const refused = error instanceof SecretFileError;
          const reason = refused
            ? error.message
            : (error as NodeJS.ErrnoException).code === 'ENOENT'
              ? 'does not exist'
              : 'cannot be read';
          if (options.allowMissing) return whole;
          problems.push({
            path,
            message: `the file "${file}" named by \${file:${file}} ${reason} (paths are relative to the config file)`,
          });
          return whole;
        }
      } else if (ENV_NAME.test(inner)) {
        value = env[inner];
        if (value === undefined) {
          if (options.allowMissing) return whole;
          problems.push({
            path,
            message: `the environment variable ${inner} is not set (export ${inner}=… before running)`,
          });
          return whole;
        }
      } else {
        problems.push({ path, message: `"\${${inner}}" is neither \${ENV_NAME} nor \${file:path}` });
        return whole;
      }
      found.push({ path, key, value });
      return value;
    });
    for (const s of found) substitutions.push({ ...s, text: replaced });
    return replaced;
  }

  function walk(node: unknown, path: string, key: string): unknown {
    if (typeof node === 'string') {
      if (!options.allowMissing && literalUrlPassword(node)) {
        problems.push({
          path,
          message:
            'is a URL with a password written in the file (user:password@): put the password in a credential, or in ${ENV_NAME}',
        });
      }
      return node.includes('${') ? replace(node, path, key) : node;
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${path}[${i}]`, key));
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, value] of Object.entries(node)) out[k] = walk(value, path ? `${path}.${k}` : k, k);
      return out;
    }
    return node;
  }

  return { value: walk(raw, '', ''), problems, substitutions };
}
