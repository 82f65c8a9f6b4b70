/** The operator's token lives in the tab's sessionStorage: gone when the tab closes, never in a cookie or a URL. */
const TOKEN_KEY = 'tributary-token';

/** The token the operator entered in this tab; empty when none. */
export function token(): string {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

/** Keeps the token for this tab, or forgets it when empty. */
export function saveToken(value: string): void {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}
