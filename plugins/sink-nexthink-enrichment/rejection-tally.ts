/**
 * Objects the Enrichment API did not import (207 `partial_success`), grouped by message, so that the
 * description says how many rows failed and why without listing thousands of lines.
 */
export class RejectionTally {
  readonly #byMessage = new Map<string, { count: number; example: string | undefined }>();
  #total = 0;

  add(message: string, example: string | undefined): void {
    this.#total++;
    const entry = this.#byMessage.get(message);
    if (entry) entry.count++;
    else this.#byMessage.set(message, { count: 1, example });
  }

  get total(): number {
    return this.#total;
  }

  /** One warning per distinct message, most frequent first. */
  warnings(): string[] {
    return [...this.#byMessage.entries()]
      .sort(([, a], [, b]) => b.count - a.count)
      .map(([message, { count, example }]) => {
        const rows = `${count} row${count === 1 ? '' : 's'}`;
        return `Nexthink did not import ${rows}: ${message}${example ? ` (e.g. ${example})` : ''}`;
      });
  }
}
