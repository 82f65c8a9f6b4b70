/** `String.prototype.isWellFormed` and `toWellFormed` (Node 20 has them; the ES2023 library typings do not). */
interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/**
 * Text every store keeps as it is: no NUL character (PostgreSQL refuses it in text) and no lone UTF-16
 * surrogate (it has no UTF-8 form).
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\0') && (text as unknown as WellFormedString).isWellFormed();
}

/** `text` with each NUL and each lone surrogate replaced by U+FFFD, for text that must be stored anyway (a run's description). */
export function storableText(text: string): string {
  return isStorableText(text) ? text : (text as unknown as WellFormedString).toWellFormed().replaceAll('\0', '\uFFFD');
}
