/** A field the source offers, as `tributary describe` lists it. */
export interface SourceField {
  /** The name a query or a mapping uses: `Department`, or `Manager.Email` for a relationship's field. */
  readonly name: string;
  /** The source's own type name: `string`, `email`, `boolean`, `datetime`, `reference`, … */
  readonly type: string;
  /** The source's label for it, when it has one. */
  readonly label?: string;
  /** For a relationship (a reference field): the objects it points to. */
  readonly referenceTo?: readonly string[];
}

/** Which records a one-user preview asks the source for: those whose `field` equals `value`. */
export interface RecordMatch {
  /** A source field name (the identification mapping's path, e.g. `Username`). */
  readonly field: string;
  readonly value: string;
}
