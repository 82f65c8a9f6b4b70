import { parseJsonBody } from 'tributary-kit';
import { unexpectedResponse } from './unexpected-response.js';

/** How much of a body that is not JSON the message quotes. */
const QUOTED = 60;

/**
 * The JSON object a success answer must hold (a Bulk job, a describe); anything else (HTML from a
 * proxy, a truncated body, an array) is `SF_UNEXPECTED_RESPONSE`, naming `what` and the body's start.
 */
export function jsonObjectAnswer(body: string, what: string): Record<string, unknown> {
  const json = parseJsonBody(body);
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) return json as Record<string, unknown>;
  const trimmed = body.trim();
  const start = trimmed.slice(0, QUOTED);
  throw unexpectedResponse(
    `Salesforce answered ${what} with a body that is not a JSON object (${start === '' ? 'empty' : JSON.stringify(start)}${trimmed.length > QUOTED ? '…' : ''})`,
  );
}
