import { SecretMatcher } from './secret-matcher.js';

const MASK = '***';
/** Shorter values are not redacted: hiding every `abc` would garble the output and protect nothing. */
export const MIN_SECRET_LENGTH = 4;
/** A secret cut short by a truncated excerpt is hidden once this many of its characters show. */
const MIN_TRUNCATED = 6;
/** `scheme://userinfo@`: whatever stands before `@` in a URL's authority is a credential. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@'"<>]+@/gi;
/** A JSON Web Token (a JWT bearer assertion, an id or access token), whole or cut short. */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?/g;

/**
 * Replaces every known secret in a text with `***`: the values substituted from `${ENV}`/`${file:…}`
 * into secret fields and the tokens obtained at run time, in every encoding they take on the wire
 * (see {@link SecretMatcher}), and, whatever their origin, the userinfo of URLs (`https://***@host`)
 * and JSON Web Tokens. Hosts, paths and the rest of a URL print as they are.
 */
export class Redactor {
  readonly #secrets = new Map<string, SecretMatcher>();
  /** Matchers by the code unit a match can start with, longest secret first. */
  #index: Map<number, SecretMatcher[]> | undefined;
  /** 1 for each code unit a match can start with: most characters are ruled out by one array read. */
  #starts = new Uint8Array(0x10000);

  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH || this.#secrets.has(secret)) return;
    this.#secrets.set(secret, new SecretMatcher(secret));
    this.#index = undefined;
  }

  get size(): number {
    return this.#secrets.size;
  }

  redact(text: string): string {
    let out = this.#secrets.size === 0 ? text : this.#maskSecrets(text);
    if (out.includes('@')) out = out.replace(USERINFO, `$1${MASK}@`);
    if (out.includes('eyJ')) out = out.replace(JWT, MASK);
    return out;
  }

  #maskSecrets(text: string): string {
    const index = (this.#index ??= this.#buildIndex());
    let out = '';
    let copied = 0;
    const starts = this.#starts;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (starts[code] === 0) continue;
      for (const matcher of index.get(code)!) {
        const end = matcher.endAt(text, i, MIN_TRUNCATED);
        if (end <= i) continue;
        out += text.slice(copied, i) + MASK;
        copied = end;
        i = end - 1;
        break;
      }
    }
    return copied === 0 ? text : out + text.slice(copied);
  }

  #buildIndex(): Map<number, SecretMatcher[]> {
    const index = new Map<number, SecretMatcher[]>();
    this.#starts.fill(0);
    const longestFirst = [...this.#secrets.values()].sort((a, b) => b.length - a.length);
    for (const matcher of longestFirst) {
      for (const code of new Set(matcher.firstCodes())) {
        const list = index.get(code);
        if (list) list.push(matcher);
        else index.set(code, [matcher]);
        this.#starts[code] = 1;
      }
    }
    return index;
  }
}
