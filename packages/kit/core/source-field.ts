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
  /**
   * For a reference field: the name a path takes through it (`Manager` for `ManagerId`, and for
   * `Manager.ManagerId` too), so that `Manager.Email` or `Manager.Manager.Email` goes through it. A
   * path through a relationship whose own fields are not listed (deeper than the template describes)
   * is then known to be unchecked rather than unknown.
   */
  readonly relationshipName?: string;
}

/**
 * The source fields a connector's parameters select (Salesforce: the query's SELECT list), as the
 * template's `selectedFields` reports them. The host compares them with the described fields without
 * regard to case, and the mapping's plain paths with them.
 */
export interface SelectedFields {
  /** Each field as the parameters name it: `Department`, `Manager.Email`. */
  readonly fields: readonly string[];
  /**
   * True when the records carry these fields and no others, so that a mapping path outside them
   * resolves to nothing; false when the parameters also select what cannot be named as a field (a
   * function, a sub-query, `FIELDS(ALL)`).
   */
  readonly complete: boolean;
}

/** Which records a one-user preview asks the source for: those whose `field` equals `value`. */
export interface RecordMatch {
  /** A source field name (the identification mapping's path, e.g. `Username`). */
  readonly field: string;
  readonly value: string;
}
