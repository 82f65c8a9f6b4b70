import { describeError, type ConnectorConfig, type FieldValue, type SourceRecord } from '../../core/index.js';
import type { CheckRow } from '../mapping/check-row.js';
import { tryMapping } from '../mapping/try-mapping.js';
import { createConnectorContext } from './connector-context.js';
import { describeConnector } from './describe-connector.js';
import type { FieldFinding } from './field-findings.js';
import type { RunServices } from './run-services.js';
import { watchCredential } from './watched-credential.js';

/** On how many sample records an expression resolved. */
interface Resolution {
  readonly source: string;
  /** The field's target; absent for the identification. */
  readonly target?: string;
  readonly resolved: number;
}

export interface CheckReport {
  readonly nqlId: string;
  readonly ok: boolean;
  readonly messages: string[];
  /** What would be written for the first sample records. */
  readonly preview: Array<{ identifier: string; fields: Record<string, FieldValue> } | { error: string }>;
  readonly expectedRows?: number;
  /** How many records the connector returned to try the mapping on. */
  readonly sampleRecords: number;
  /** The identification (a non-empty identifier) and each field source (anything but nothing; `null` counts), once the mapping compiled. */
  readonly resolution?: { readonly identification: Resolution; readonly fields: readonly Resolution[] };
  /** The query's and the mapping's fields the source does not offer as written (`describeConnector`); each fails the check. */
  readonly fieldFindings?: readonly FieldFinding[];
}

const PREVIEW_ROWS = 3;

/**
 * `tributary check`: the connector's own check; the credential's `test()` when that check did not test
 * the current secret itself (with the AuthRequest the connector used); the query's and the mapping's
 * fields against the source's (`describeConnector`, when the template can describe it); then the
 * mapping tried on every sample record. Besides the connector's own verdict, the check fails when a
 * field is not the source's as written, or when the identification, or a field source, resolves on
 * **no** sample record (a misspelt name, a field the query does not select); records without a value
 * are normal data and are reported as counts. Writes nothing.
 */
export async function checkConnector(
  services: RunServices,
  connector: ConnectorConfig,
  signal: AbortSignal = new AbortController().signal,
): Promise<CheckReport> {
  const messages: string[] = [];
  const { context } = createConnectorContext(services, connector, signal, services.logger);
  const watched = context.credential ? watchCredential(context.credential) : undefined;
  let sample: readonly SourceRecord[] = [];
  let ok = true;
  let expectedRows: number | undefined;
  try {
    const result = await services
      .template(connector)
      .check(watched ? { ...context, credential: watched.credential } : context);
    messages.push(...result.messages);
    sample = result.sample;
    expectedRows = result.expectedRows;
    ok = result.ok;
    if (watched && !watched.tested) {
      await context.credential!.test({ ...watched.lastRequest, force: true, signal }).then(
        () => messages.push(`Credential "${watched.credential.name}" (${watched.credential.type}) tested`),
        (error: unknown) => {
          ok = false;
          messages.push(`Credential test failed: ${describeError(error)}`);
        },
      );
    }
  } catch (error) {
    return {
      nqlId: connector.nqlId,
      ok: false,
      messages: [...messages, describeError(error)],
      preview: [],
      sampleRecords: 0,
    };
  }
  const fieldFindings = await fieldsChecked(services, connector, signal, ok, messages);
  const report = (extra: Partial<CheckReport> = {}): CheckReport => ({
    nqlId: connector.nqlId,
    ok: ok && fieldFindings.length === 0,
    messages,
    preview,
    expectedRows,
    sampleRecords: sample.length,
    fieldFindings,
    ...extra,
  });
  const preview: CheckReport['preview'] = [];
  try {
    const rows = await tryMapping(services.limits, connector, sample, signal);
    for (const row of rows.slice(0, PREVIEW_ROWS)) {
      preview.push(
        row.error === undefined ? { identifier: row.identifier!, fields: row.fields! } : { error: row.error },
      );
    }
    if (!ok) return report();
    if (sample.length === 0) {
      messages.push('The query returned no records: nothing to try the mapping on');
      return report();
    }
    const { resolution, complaints } = resolutionOf(connector, rows);
    messages.push(...resolution.messages);
    if (complaints > 0) ok = false;
    return report({ resolution: { identification: resolution.identification, fields: resolution.fields } });
  } catch (error) {
    ok = false;
    messages.push(describeError(error));
    return report();
  }
}

/**
 * The fields the query and the mapping use that the source does not offer as written, each with its
 * message. A source that cannot be described adds a message only when the connector's own check
 * passed (a check that failed has said why already: the describe failed for the same reason).
 */
async function fieldsChecked(
  services: RunServices,
  connector: ConnectorConfig,
  signal: AbortSignal,
  checkPassed: boolean,
  messages: string[],
): Promise<readonly FieldFinding[]> {
  const described = await describeConnector(services, connector, signal);
  messages.push(...described.findings.map((f) => f.message));
  if (!described.ok && !described.unsupported && checkPassed)
    messages.push(`The fields were not checked: ${described.error}`);
  return described.findings;
}

/**
 * On how many sample records the identification and each field source resolved, with the message
 * `check` prints for each; `complaints` counts those that resolved on none.
 */
function resolutionOf(connector: ConnectorConfig, rows: readonly CheckRow[]) {
  const identification: Resolution = {
    source: connector.mapping.identification,
    resolved: rows.filter((r) => r.identifier !== undefined && r.identifier !== '').length,
  };
  const fields: Resolution[] = connector.mapping.fields.map(({ source, target }, i) => ({
    source,
    target,
    resolved: rows.filter((r) => r.resolved[i]).length,
  }));
  const of = `of the ${rows.length} sample record${rows.length === 1 ? '' : 's'}`;
  const messages = [
    identification.resolved === 0
      ? `The identification ${identification.source} resolves on none ${of}: check its spelling and that the query selects it`
      : `The identification resolved on ${identification.resolved} ${of}`,
    ...fields.map((f) =>
      f.resolved === 0
        ? `${f.source} (field ${f.target}) resolves to nothing on any ${of}: check its spelling and that the query selects it`
        : `${f.source} (field ${f.target}) resolved on ${f.resolved} ${of}`,
    ),
  ];
  const complaints = [identification, ...fields].filter((r) => r.resolved === 0).length;
  return { resolution: { identification, fields, messages }, complaints };
}
