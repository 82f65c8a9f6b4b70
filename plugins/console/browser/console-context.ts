/** What every page of the console works with, read from the page shell the server sent. */
export interface ConsoleContext {
  /** Where the console is mounted, `/console`. */
  readonly base: string;
  /** The server has a token: runs and checks can be asked for (with it). */
  readonly writable: boolean;
  /** The element a page is built in. */
  readonly app: HTMLElement;
}

/** The context of this page: the body's `data-base` and `data-writable`, and `#app`. */
export function consoleContext(doc: Document): ConsoleContext {
  const app = doc.getElementById('app');
  if (!app) throw new Error('The console page has no #app element');
  return { base: doc.body.dataset['base'] ?? '', writable: doc.body.dataset['writable'] === 'true', app };
}
