/** `3000000` → `3,000,000` (fixed locale so descriptions are the same everywhere). */
export function formatCount(n: number): string {
  return Math.trunc(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `1 UPN`, `3 UPNs`, `1 row`, `200 rows`. */
export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}
