import { describeError, type ConnectorConfig, type SourceField } from '../../core/index.js';
import { createConnectorContext } from './connector-context.js';
import { fieldFindings, type FieldFinding } from './field-findings.js';
import type { RunServices } from './run-services.js';

export interface DescribeReport {
  readonly nqlId: string;
  /** The template listed the source's fields. */
  readonly ok: boolean;
  /** The source's fields, when the template listed them. */
  readonly fields?: readonly SourceField[];
  /** Why there are no fields: the template cannot list them, or listing them failed. */
  readonly error?: string;
  /** The template has no `describeFields`. */
  readonly unsupported?: boolean;
  /** The query's and the mapping's fields that the source does not offer as written. */
  readonly findings: readonly FieldFinding[];
  /** Requests the template sent to the source. */
  readonly apiCalls: number;
  /** What the template warned about while describing (a related object it could not describe). */
  readonly warnings: readonly string[];
}

/**
 * `tributary describe`: the source's fields as the connector's template lists them (its
 * `describeFields`, with the connector's credential), and the fields the connector's query and
 * mapping use that they do not contain (`fieldFindings`). Writes nothing; a failure is the report's
 * `error`, not an exception.
 */
export async function describeConnector(
  services: RunServices,
  connector: ConnectorConfig,
  signal: AbortSignal = new AbortController().signal,
): Promise<DescribeReport> {
  const template = services.template(connector);
  const base = { nqlId: connector.nqlId, apiCalls: 0, warnings: [] };
  if (!template.describeFields) {
    return {
      ...base,
      ok: false,
      unsupported: true,
      error: `The connector template ${template.id} (${template.displayName}) cannot list its source's fields: it has no describeFields`,
      findings: fieldFindings(connector, template, undefined),
    };
  }
  let counted: { apiCalls: number; warnings: string[] } | undefined;
  try {
    const { context, state } = createConnectorContext(services, connector, signal, services.logger);
    counted = state;
    const fields = await template.describeFields(context);
    return {
      ...base,
      ok: true,
      fields,
      findings: fieldFindings(connector, template, fields),
      apiCalls: state.apiCalls,
      warnings: state.warnings,
    };
  } catch (error) {
    return {
      ...base,
      ok: false,
      error: describeError(error),
      findings: fieldFindings(connector, template, undefined),
      apiCalls: counted?.apiCalls ?? 0,
      warnings: counted?.warnings ?? [],
    };
  }
}
