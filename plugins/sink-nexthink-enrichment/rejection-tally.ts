import { plural } from 'tributary-kit';

/**
 * Objects the Enrichment API did not import (207 `partial_success`), grouped by message, so that the
 * description says how many rows failed and why without listing thousands of lines.
 */
export class RejectionTally {
  readonly #byMessage = new Map<string, { count: number; example: string | undefined }>();
  readonly #lead: (count: number) => string;
  #total = 0;

  /** `lead` opens each warning with what was not done: by default `Nexthink did not import 3 rows`. */
  constructor(lead: (count: number) => string = (count) => `Nexthink did not import ${plural(count, 'row')}`) {
    this.#lead = lead;
  }

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
      .map(([message, { count, example }]) => `${this.#lead(count)}: ${message}${example ? ` (e.g. ${example})` : ''}`);
  }
}
