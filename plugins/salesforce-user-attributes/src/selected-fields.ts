import type { SelectedFields } from 'tributary-kit';
import type { SalesforceParameters } from './parameters.js';
import { queryParts } from './query-parts.js';

/** A field or a relationship's field, as SOQL names it: `Department`, `Manager.Email`, `Cost_Center__c`. */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * The fields the query's SELECT list names, as written. Complete when every item is such a field: a
 * function, an aggregate, a sub-query, `TYPEOF` or `FIELDS(…)` selects what no name says.
 */
export function selectedQueryFields(parameters: Pick<SalesforceParameters, 'query'>): SelectedFields {
  const parts = queryParts(parameters.query);
  if (!parts) return { fields: [], complete: false };
  const fields = parts.selectItems.filter((item) => FIELD_PATH.test(item));
  return { fields, complete: !parts.selectHasCall && fields.length === parts.selectItems.length };
}
