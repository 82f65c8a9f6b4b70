/**
 * Text no sink can store the same way (a NUL, a lone UTF-16 surrogate) follows one rule before any
 * sink sees it: the row is rejected with its reason, in the process and in the mapping worker alike.
 */
import { expect } from 'chai';
import type { SourceRecord } from 'tributary-kit';
import { recordingSink } from 'tributary-kit/internal/testing/recording-sink.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { bareHost } from '../support/bare-host.js';
import { syntheticConfig } from '../support/synthetic-config.js';

const record = (i: number): SourceRecord => ({
  Username: i === 7 ? 'bad\u0000user@example.com' : `user${i}@example.com`,
  Department: i === 3 ? 'Sa\u0000les' : i === 5 ? 'Sales \uD83D' : i === 9 ? 'Sales 😀' : 'Sales',
});

async function runWith(source: string) {
  const sink = recordingSink();
  const host = await bareHost(
    syntheticConfig({
      nqlId: 'people',
      name: 'People',
      mapping: { identification: 'Username', fields: [{ source, target: 'department' }] },
    }),
    [testPlugin({ connectorTemplates: [syntheticConnector({ rows: 100, record })], sinkTypes: [sink] })],
  );
  return { result: await host.run('people'), sink };
}

describe('run: text no sink can store', () => {
  it('keeps a description every log store can hold when a row problem quotes such text ($error of the value)', async () => {
    const { result } = await runWith(
      'Username = "user3@example.com" ? $error("bad: " & Department) : $trim(Department)',
    );
    expect(result.status).to.equal('partial');
    expect(result.description).to.include('bad: Sa\uFFFDles');
    expect(result.description.includes('\u0000')).to.equal(false);
  });

  for (const [where, source] of [
    ['a native path', 'Department'],
    ['a native expression', '$trim(Department)'],
    ['the mapping worker', '$string(Department)'],
  ] as const) {
    it(`rejects the rows whose value or identifier holds a NUL or a lone surrogate, with the reason (${where})`, async () => {
      const { result, sink } = await runWith(source);
      expect(result.status).to.equal('partial');
      expect(result.processedRows).to.equal(97);
      const written = sink.runs[0]!.records;
      expect(written.map((r) => r.identifier.value)).not.to.include.members(['user3@example.com', 'user5@example.com']);
      expect(
        written.find((r) => r.identifier.value === 'user9@example.com')!.fields.department,
        'an emoji is kept',
      ).to.equal('Sales 😀');
      expect(result.description).to.include(
        'the value contains a NUL character (U+0000), which no sink can store; the row is rejected',
      );
      expect(result.description).to.include(
        'the value contains a lone UTF-16 surrogate (half of a character), which no sink can store',
      );
    });
  }
});
