import * as v from 'valibot';
import { credentialUrl } from '../../core/index.js';

/** A required, non-blank string field of a credential entry. */
export function requiredText(field: string) {
  return v.pipe(v.string(`${field} must be a string`), v.trim(), v.nonEmpty(`${field} must not be empty`));
}

/** The fields every credential entry has: `id`, `name`, `type` (fixed per type) and `url`. */
export function baseEntryFields<T extends string>(type: T) {
  return {
    id: requiredText('id'),
    name: requiredText('name'),
    type: v.literal(type),
    url: credentialUrl,
    tokenUrl: v.optional(credentialUrl),
  };
}
