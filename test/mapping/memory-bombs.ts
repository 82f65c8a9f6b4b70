/**
 * A jsonata expression that runs out of any memory on the rows whose `Bomb` is true, and gives
 * `Name` on the others: it keeps a thousand distinct 8 MB strings. Quick to fill even a small heap.
 */
export const STRING_BOMB =
  'Bomb ? ($double := function($s, $n) { $n = 0 ? $s : $double($s & $s, $n - 1) }; $big := $double("x", 23); $map([1..1000], function($i) { $uppercase($big & $i) })) : Name';

/**
 * The same with ten million short strings, over a range of ten million numbers (an array of 80 MB
 * in one allocation: under 128 MB, the least `limits.mappingMemoryMb`, it would abort the process).
 */
export const RANGE_BOMB = 'Bomb ? $map([1..10000000], function($x) { $string($x) & "xxxxxxxxxx" }) : Name';
