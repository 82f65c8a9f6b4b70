/** `scheme://userinfo@`: the authority's userinfo of a URL at the start of a string. */
const USERINFO = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@]*)@/i;
const REFERENCES = /\$\{[^}]*\}/g;

/**
 * True when a config string is a URL whose password is written out (`https://admin:pw@host`), rather
 * than substituted whole from `${ENV}` or `${file:}` (`postgres://app:${PGPASSWORD}@db/tributary`).
 */
export function literalUrlPassword(text: string): boolean {
  const userinfo = USERINFO.exec(text)?.[1];
  const colon = userinfo?.indexOf(':') ?? -1;
  if (userinfo === undefined || colon < 0) return false;
  return userinfo.slice(colon + 1).replace(REFERENCES, '') !== '';
}
