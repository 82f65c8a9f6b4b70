/**
 * The distinct problems of one run, each once with its count, in order of priority then first
 * appearance. Rendered into `details.description`, capped in length.
 */
export class ProblemLog {
  readonly #entries = new Map<string, { count: number; priority: number; order: number; counted: boolean }>();

  /**
   * Record `count` occurrences of `message`. `priority` orders the description (higher first);
   * `counted: false` prints the message without a count (for one-off warnings).
   */
  add(message: string, count = 1, options: { priority?: number; counted?: boolean } = {}): void {
    const entry = this.#entries.get(message);
    if (entry) {
      entry.count += count;
      return;
    }
    this.#entries.set(message, {
      count,
      priority: options.priority ?? 0,
      order: this.#entries.size,
      counted: options.counted ?? true,
    });
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Drop everything (a source restarted from the beginning). */
  clear(): void {
    this.#entries.clear();
  }

  has(message: string): boolean {
    return this.#entries.has(message);
  }

  entries(): Array<{ message: string; count: number }> {
    return [...this.#entries.entries()]
      .sort(([, a], [, b]) => b.priority - a.priority || a.order - b.order)
      .map(([message, e]) => ({ message, count: e.counted ? e.count : 0 }));
  }

  /** `msg (×3); other msg` capped at `maxLength` characters with a count of what was left out. */
  format(maxLength = 2000): string {
    const parts = this.entries().map(({ message, count }) => (count > 1 ? `${message} (×${count})` : message));
    let text = '';
    for (let i = 0; i < parts.length; i++) {
      const next = text ? `${text}; ${parts[i]}` : parts[i]!;
      if (next.length > maxLength) {
        const rest = parts.length - i;
        const suffix = ` … and ${rest} more problem${rest === 1 ? '' : 's'}`;
        return (text || parts[i]!.slice(0, Math.max(0, maxLength - suffix.length))) + suffix;
      }
      text = next;
    }
    return text;
  }
}
