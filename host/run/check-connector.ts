import { compileExpression, compileMapping, type ConnectorConfig, type FieldValue, type SourceRecord } from '../../core/index.js';
import { createConnectorContext } from './connector-context.js';
import { describeError } from './run-connector.js';
import type { RunServices } from './run-services.js';
import { watchCredential } from './watched-credential.js';

export interface CheckReport {
  readonly nqlId: string;
  readonly ok: boolean;
  readonly messages: string[];
  /** What would be written for the first sample records. */
  readonly preview: Array<{ identifier: string; fields: Record<string, FieldValue> } | { error: string }>;
  readonly expectedRows?: number;
}

const PREVIEW_ROWS = 3;

/**
 * `tributary check`: the connector's own check; the credential's `test()` when that check did not test
 * the current secret itself (with the AuthRequest the connector used); then the mapping tried on the
 * sample. Writes nothing.
 */
export async function checkConnector(services: RunServices, connector: ConnectorConfig, signal: AbortSignal = new AbortController().signal): Promise<CheckReport> {
  const messages: string[] = [];
  const { context } = createConnectorContext(services, connector, signal, services.logger);
  const watched = context.credential ? watchCredential(context.credential) : undefined;
  let sample: readonly SourceRecord[] = [];
  let ok = true;
  let expectedRows: number | undefined;
  try {
    const result = await services.template(connector).check(watched ? { ...context, credential: watched.credential } : context);
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
    return { nqlId: connector.nqlId, ok: false, messages: [...messages, describeError(error)], preview: [] };
  }
  const preview: CheckReport['preview'] = [];
  try {
    const mapper = compileMapping(connector.mapping);
    for (const record of sample.slice(0, PREVIEW_ROWS)) {
      try {
        const identifier = await mapper.identify(record);
        preview.push({ identifier, fields: await mapper.fields(record) });
        if (identifier === '') ok = false;
      } catch (error) {
        ok = false;
        preview.push({ error: describeError(error) });
      }
    }
    if (ok && sample.length === 0) messages.push('The query returned no records: nothing to try the mapping on');
    else if (sample.length > 0) {
      const unresolved = await unresolvedSources(connector, sample);
      if (unresolved.length > 0) ok = false;
      messages.push(...unresolved);
    }
    if (preview.some((p) => 'identifier' in p && p.identifier === '')) messages.push('The identification is empty on a sample record');
  } catch (error) {
    ok = false;
    messages.push(describeError(error));
  }
  return { nqlId: connector.nqlId, ok, messages, preview, expectedRows };
}

/**
 * Sources that give nothing (undefined, not even null) on every sample record: most likely a
 * misspelt field or a field the query does not select. Each fails the check (SPEC §5: every mapping
 * source must resolve on a sample record).
 */
async function unresolvedSources(connector: ConnectorConfig, sample: readonly SourceRecord[]): Promise<string[]> {
  const problems: string[] = [];
  for (const { source, target } of connector.mapping.fields) {
    const expression = compileExpression(source);
    let resolved = false;
    for (const record of sample) {
      try {
        if ((await expression.evaluate(record)) !== undefined) resolved = true;
      } catch {
        resolved = true; // a runtime error is reported with the preview row
      }
      if (resolved) break;
    }
    if (!resolved) {
      problems.push(`${source} (field ${target}) resolves to nothing on any of the ${sample.length} sample record(s): check its spelling and that the query selects it`);
    }
  }
  return problems;
}
