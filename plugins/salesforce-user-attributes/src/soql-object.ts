/**
 * The object a SOQL query reads (`User` in `SELECT Id FROM User WHERE …`), found offline: string
 * literals and parenthesised sub-queries are skipped, then the first top-level `FROM name`.
 * Returns undefined when the query cannot be read that way (the records' `attributes.type` decides then).
 */
export function soqlObjectName(query: string): string | undefined {
  let depth = 0;
  let topLevel = '';
  for (let i = 0; i < query.length; i++) {
    const ch = query[i];
    if (ch === "'") {
      i = endOfLiteral(query, i);
      topLevel += ' ';
    } else if (ch === '(') {
      depth++;
      topLevel += ' ';
    } else if (ch === ')') {
      depth = Math.max(0, depth - 1);
      topLevel += ' ';
    } else if (depth === 0) {
      topLevel += ch;
    }
  }
  return /\bfrom\s+([A-Za-z_][A-Za-z0-9_]*)/i.exec(topLevel)?.[1];
}

function endOfLiteral(query: string, start: number): number {
  for (let i = start + 1; i < query.length; i++) {
    if (query[i] === '\\') i++;
    else if (query[i] === "'") return i;
  }
  return query.length;
}
