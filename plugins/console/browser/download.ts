import { el } from './el.js';
import { request } from './request.js';

/** How long the downloaded file's object URL stays valid after the click. */
const REVOKE_AFTER_MS = 60_000;

/**
 * Fetches a file with the token (a plain link could not send it) and hands it to the browser as a
 * download named `filename`.
 */
export async function download(path: string, filename: string): Promise<void> {
  const response = await request(path, 'GET', 'text/csv');
  const blob = await response.blob();
  const link = el('a', { href: URL.createObjectURL(blob), download: filename });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), REVOKE_AFTER_MS);
}
