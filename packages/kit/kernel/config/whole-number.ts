import * as v from 'valibot';

/** A whole number from `min` to `max`, each message starting with `what` (empty: the key's path says it). */
export const wholeNumber = (what: string, min: number, max: number) => {
  const name = what ? `${what} ` : '';
  return v.pipe(
    v.number(`${name}must be a number`),
    v.integer(`${name}must be a whole number`),
    v.minValue(min, `${name}must be at least ${min}`),
    v.maxValue(max, `${name}must be at most ${max}`),
  );
};
