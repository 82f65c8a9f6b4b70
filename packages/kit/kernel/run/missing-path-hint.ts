import { closestName, type SourceRecord } from '../../core/index.js';

/** A JSONata expression that only reads a field: `Department`, `Manager.Email`. */
const PLAIN_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/**
 * When `expression` is a plain path that `record` does not hold (a misspelt field reads nothing and a
 * run would write the field empty, or leave it out), a sentence naming the step of the path the
 * record lacks and, when one is close, the field it holds there instead. Undefined otherwise.
 */
export function missingPathHint(expression: string, record: SourceRecord): string | undefined {
  const path = expression.trim();
  if (!PLAIN_PATH.test(path)) return undefined;
  let at: unknown = record;
  const steps = path.split('.');
  for (let i = 0; i < steps.length; i++) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
    const holder = at as Record<string, unknown>;
    if (!Object.hasOwn(holder, steps[i]!)) {
      const keys = Object.keys(holder);
      const lower = closestName(
        steps[i]!,
        keys.map((k) => k.toLowerCase()),
      );
      const guess = keys.find((k) => k.toLowerCase() === lower);
      const prefix = steps.slice(0, i).join('.');
      const named = (step: string) => (prefix ? `${prefix}.${step}` : step);
      return `The record has no field ${named(steps[i]!)}${guess ? `: did you mean ${named(guess)}?` : ''}`;
    }
    at = holder[steps[i]!];
  }
  return undefined;
}
