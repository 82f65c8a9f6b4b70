import type { ConnectorConfig, ConnectorTemplate, SourceField } from '../../core/index.js';
import { closestName } from '../../core/closest-name.js';
import { mappingPlanOf } from '../mapping/mapping-plan-of.js';

/**
 * What is wrong with a field the connector uses: the source does not have it (`unknown`), a mapping
 * path spells it in another case than the records carry it (`case`), or the connector's query does
 * not select what a mapping path reads (`not-selected`).
 */
type FieldFindingKind = 'unknown' | 'case' | 'not-selected';

export interface FieldFinding {
  readonly kind: FieldFindingKind;
  /** The field as the query or the mapping writes it (`Departmnt`, `Manager.Email`). */
  readonly field: string;
  /** `query`, `identification`, or the target of the mapping field whose source it is. */
  readonly usedBy: string;
  /** The field it most likely means, as the source spells it. */
  readonly suggestion?: string;
  /** One sentence for `check`, `describe` and `validate --online`. */
  readonly message: string;
}

/** A plain-path expression of the mapping, as a dotted field name, with what uses it. */
interface MappingPath {
  readonly path: string;
  readonly usedBy: string;
  readonly subject: string;
}

/**
 * The mapping's plain paths (`Department`, `Manager.Email`): the expressions whose plan says they only
 * read a field. Other expressions are not checked; a mapping that does not compile has none (its
 * compile error is reported where it runs).
 */
function mappingPaths(connector: ConnectorConfig): MappingPath[] {
  let plan;
  try {
    plan = mappingPlanOf(connector.mapping);
  } catch {
    return [];
  }
  const dotted = (path: readonly string[]) => (path.some((step) => step.includes('.')) ? undefined : path.join('.'));
  const paths: MappingPath[] = [];
  const id = plan.identification.isolated ? undefined : dotted(plan.identification.path);
  if (id) paths.push({ path: id, usedBy: 'identification', subject: `The identification ${id}` });
  for (const field of plan.fields) {
    const path = field.isolated ? undefined : dotted(field.path);
    if (path) paths.push({ path, usedBy: field.target, subject: `${path} (field ${field.target})` });
  }
  return paths;
}

type Lookup =
  | { readonly status: 'found'; readonly spelled: string }
  | { readonly status: 'unchecked' }
  | { readonly status: 'unknown'; readonly suggestion: string | undefined };

/**
 * The described fields as names to look paths up in, without regard to case: each field, each
 * relationship (`Manager`, `Manager.Manager`) and each prefix the listed names go through.
 */
class DescribedNames {
  /** Lower-case name → the source's spelling, for fields and for the relationships and prefixes paths go through. */
  readonly #spelled = new Map<string, string>();
  readonly #fields = new Set<string>();
  readonly #relationships = new Set<string>();
  /** Prefixes some listed name goes through (`manager` for `Manager.Email`). */
  readonly #expanded = new Set<string>();

  constructor(fields: readonly SourceField[]) {
    for (const field of fields) {
      const lower = field.name.toLowerCase();
      this.#fields.add(lower);
      this.#spelled.set(lower, field.name);
      const parts = field.name.split('.');
      for (let i = 1; i < parts.length; i++) {
        const prefix = parts.slice(0, i).join('.');
        this.#expanded.add(prefix.toLowerCase());
        if (!this.#spelled.has(prefix.toLowerCase())) this.#spelled.set(prefix.toLowerCase(), prefix);
      }
      if (field.relationshipName) {
        const relationship = [...parts.slice(0, -1), field.relationshipName].join('.');
        this.#relationships.add(relationship.toLowerCase());
        if (!this.#spelled.has(relationship.toLowerCase())) this.#spelled.set(relationship.toLowerCase(), relationship);
      }
    }
  }

  /**
   * Where `path` leads: a listed field, relationship or prefix (`found`, with its spelling); through a
   * relationship whose fields are not listed, or into a listed field's value such as an address's
   * parts (`unchecked`: the source's description does not go that deep); or nowhere (`unknown`).
   */
  lookup(path: string): Lookup {
    const lower = path.toLowerCase();
    const spelled = this.#spelled.get(lower);
    if (spelled !== undefined) return { status: 'found', spelled };
    const parts = lower.split('.');
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('.');
      const opaque = this.#relationships.has(prefix) || this.#fields.has(prefix);
      if (opaque && !this.#expanded.has(prefix)) return { status: 'unchecked' };
    }
    const candidates = [...this.#spelled.keys()];
    const closest = closestName(lower, candidates);
    return { status: 'unknown', suggestion: closest === undefined ? undefined : this.#spelled.get(closest) };
  }
}

const didYouMean = (suggestion: string | undefined): string => (suggestion ? `: did you mean ${suggestion}?` : '');

/** `path` is one of the selected fields, a relationship some of them go through, or a part of one's value. */
function isSelected(path: string, selected: readonly string[]): boolean {
  const p = path.toLowerCase();
  return selected.some((field) => {
    const s = field.toLowerCase();
    return s === p || s.startsWith(`${p}.`) || p.startsWith(`${s}.`);
  });
}

/**
 * The fields the connector uses that its source does not offer as written, compared the same way for
 * every template: each field the template says the parameters select (`selectedFields`, without regard
 * to case) and each plain mapping path (in the records' case: a JSONata path is case-sensitive) against
 * the described fields; and, when the selected list is complete, each mapping path against it.
 * `described` is undefined when the source's fields are not known (then only the last comparison runs).
 */
export function fieldFindings(
  connector: ConnectorConfig,
  template: ConnectorTemplate,
  described: readonly SourceField[] | undefined,
): FieldFinding[] {
  const selected = template.selectedFields?.(connector.parameters);
  const names = described && new DescribedNames(described);
  const findings: FieldFinding[] = [];
  if (names && selected) {
    for (const field of selected.fields) {
      const found = names.lookup(field);
      if (found.status !== 'unknown') continue;
      const { suggestion } = found;
      const message = `The query's field ${field} is not a field of the source${didYouMean(suggestion)}`;
      findings.push({ kind: 'unknown', field, usedBy: 'query', message, ...(suggestion ? { suggestion } : {}) });
    }
  }
  for (const { path, usedBy, subject } of mappingPaths(connector)) {
    const found = names?.lookup(path);
    if (found?.status === 'unknown') {
      const { suggestion } = found;
      const message = `${subject} is not a field of the source${didYouMean(suggestion)}`;
      findings.push({ kind: 'unknown', field: path, usedBy, message, ...(suggestion ? { suggestion } : {}) });
    } else if (found?.status === 'found' && found.spelled !== path) {
      const message = `${subject} is spelt ${found.spelled} by the source: a mapping path must match its case`;
      findings.push({ kind: 'case', field: path, usedBy, suggestion: found.spelled, message });
    } else if (selected?.complete && !isSelected(path, selected.fields)) {
      const message = `${subject} is not among the fields the connector's query selects: it resolves to nothing on every record`;
      findings.push({ kind: 'not-selected', field: path, usedBy, message });
    }
  }
  return findings;
}
