import { MIN_SECRET_LENGTH } from '../../core/index.js';
import type { Substitution } from './substitute-secrets.js';

const URL_START = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The parts of a URL that can hold a credential: userinfo and query values. */
function secretPartsOf(text: string): string[] | undefined {
  if (!URL_START.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const decode = (part: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  return [decode(url.username), decode(url.password), ...url.searchParams.values()].filter((part) => part !== '');
}

/**
 * What of a value substituted under `credentials` or `sinks` is redacted. In a field that holds a URL
 * (`url: ${SF_URL}`, `https://${HOST}/api?key=${KEY}`), only its userinfo and the query values the
 * substitution went into: scheme, host, port and path print as they are, so that `check` can say
 * where it authenticated. Any other value is redacted whole (secret fields always are, see
 * `validateConfig`).
 */
export function secretsOf(substitution: Substitution): string[] {
  const parts = secretPartsOf(substitution.text);
  if (parts === undefined) return [substitution.value];
  const { value } = substitution;
  return parts.filter((part) => part.length >= MIN_SECRET_LENGTH && (part.includes(value) || value.includes(part)));
}

/** True for a substitution under `credentials`, `sinks` or `cluster` (the database URL), where secrets live. */
export function isUnderSecrets(substitution: Substitution): boolean {
  return substitution.path.startsWith('credentials[') || substitution.path.startsWith('sinks[') || substitution.path.startsWith('cluster.');
}
