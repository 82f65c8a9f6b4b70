/** Attributes of an element; `text` sets its text content. `false`, null and undefined leave one out, `true` sets it empty. */
export type Props = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** What an element holds: nodes, and strings as text nodes. Falsy entries are skipped. */
export type Children = ReadonlyArray<Node | string | null | undefined | false>;

/**
 * Builds an HTML element. Text from the server only ever reaches the page this way, as text
 * (textContent, text nodes), never as HTML.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  children: Children = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children)
    if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}
