import { expect } from 'chai';
import { startSandbox, type Sandbox } from '../../plugins/salesforce-sandbox/index.js';
import { recordingSink } from 'tributary-kit/internal/testing/recording-sink.js';
import { syntheticConnector } from 'tributary-kit/internal/testing/synthetic-connector.js';
import { testPlugin } from 'tributary-kit/internal/testing/test-plugin.js';
import { runCli } from '../support/run-cli.js';
import { syntheticConfig } from '../support/synthetic-config.js';
import { runOnSandbox, sandboxConnector } from './sandbox-cli.js';

describe('check and validate --online: the query and the mapping against the fields the source describes', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ users: 400 });
  });
  after(() => sandbox.close());

  const good = sandboxConnector('good', 'SELECT Username, Department, Manager.Email, Manager.Manager.Name FROM User', [
    'Department',
    'Manager.Email',
    'Manager.Manager.Name',
  ]);
  /** The query selects a field User does not have; the mapping misspells one, writes one in lower case and reads one the query leaves out. */
  const typos = sandboxConnector('typos', 'SELECT Username, Departmnt, Manager.Email FROM User', [
    'Manager.Emial',
    'username',
    'Title',
  ]);
  const TYPO_FINDINGS = [
    "The query's field Departmnt is not a field of the source: did you mean Department?",
    'Manager.Emial (field field_0) is not a field of the source: did you mean Manager.Email?',
    'username (field field_1) is spelt Username by the source: a mapping path must match its case',
    "Title (field field_2) is not among the fields the connector's query selects: it resolves to nothing on every record",
  ];

  describe('validate --online', () => {
    it('passes a config whose fields are all the source’s, relationships two levels deep included', async () => {
      const out = await runOnSandbox(sandbox, ['validate', '--online'], [good]);
      expect(out.code, out.stdout + out.stderr).to.equal(0);
      expect(out.stdout).to.equal(
        'Configuration OK: 1 connector (good), 1 credential, 1 sink\n' +
          'PASS good (Sandbox good)\n' +
          '  The source describes 50 fields\n' +
          '  Every field the query selects and every plain mapping path is one the source offers\n',
      );
    });

    it('names every unknown field with a did-you-mean, and exits 2', async () => {
      const out = await runOnSandbox(sandbox, ['validate', '--online'], [good, typos]);
      expect(out.code).to.equal(2);
      expect(out.stdout).to.include('PASS good (Sandbox good)\n');
      expect(out.stdout).to.include(
        ['FAIL typos (Sandbox typos)', '  The source describes 50 fields', ...TYPO_FINDINGS.map((f) => `  ${f}`)].join(
          '\n',
        ),
      );
    });

    it('does everything validate does offline first: an invalid config exits 2 before any request', async () => {
      const requests = sandbox.stats.requests;
      const broken = {
        ...good,
        mapping: { identification: 'Username', fields: [{ source: 'Department(', target: 'd' }] },
      };
      const out = await runOnSandbox(sandbox, ['validate', '--online'], [broken]);
      expect(out.code).to.equal(2);
      expect(out.stderr).to.include('connectors[0].mapping.fields[0].source');
      expect(sandbox.stats.requests).to.equal(requests);
    });

    it('exits 1 when the source cannot be described (a refused secret), saying why, the secret unprinted', async () => {
      const out = await runOnSandbox(sandbox, ['validate', '--online'], [good], 'not-the-secret');
      expect(out.code).to.equal(1);
      expect(out.stdout).to.match(
        /FAIL good \(Sandbox good\)\n {2}The fields were not checked: .*refused the token request/,
      );
      expect(out.stdout + out.stderr).not.to.include('not-the-secret');
    });

    it('skips a connector whose template cannot describe its source, and validate alone stays offline', async () => {
      const host = {
        withoutBuiltins: true,
        stateDir: ':memory:',
        config: syntheticConfig(),
        plugins: [testPlugin({ connectorTemplates: [syntheticConnector({ rows: 3 })], sinkTypes: [recordingSink()] })],
      };
      const online = await runCli(['validate', '--online'], { host });
      expect(online.code, online.stderr).to.equal(0);
      expect(online.stdout).to.include(
        "SKIP users (Users)\n  The fields were not checked: The connector template synthetic (Synthetic) cannot list its source's fields: it has no describeFields\n",
      );
      const requests = sandbox.stats.requests;
      const offline = await runOnSandbox(sandbox, ['validate'], [typos]);
      expect(offline.code).to.equal(0);
      expect(sandbox.stats.requests).to.equal(requests);
      expect((await runCli(['validate', '--help'])).stdout).to.include('--online');
    });
  });

  describe('check', () => {
    it('fails a connector whose query or mapping names fields the source does not have, with a did-you-mean', async () => {
      const out = await runOnSandbox(sandbox, ['check', 'typos', '--format', 'json'], [typos]);
      expect(out.code).to.equal(1);
      const [report] = JSON.parse(out.stdout) as Array<{ ok: boolean; messages: string[]; fieldFindings: unknown[] }>;
      expect(report!.ok).to.equal(false);
      // The query itself fails (INVALID_FIELD); the findings say which name was meant.
      expect(report!.messages.slice(-TYPO_FINDINGS.length)).to.deep.equal(TYPO_FINDINGS);
      expect(report!.fieldFindings).to.deep.equal([
        {
          kind: 'unknown',
          field: 'Departmnt',
          usedBy: 'query',
          suggestion: 'Department',
          message: TYPO_FINDINGS[0],
        },
        {
          kind: 'unknown',
          field: 'Manager.Emial',
          usedBy: 'field_0',
          suggestion: 'Manager.Email',
          message: TYPO_FINDINGS[1],
        },
        { kind: 'case', field: 'username', usedBy: 'field_1', suggestion: 'Username', message: TYPO_FINDINGS[2] },
        { kind: 'not-selected', field: 'Title', usedBy: 'field_2', message: TYPO_FINDINGS[3] },
      ]);
    });

    it('fails on a mapping field alone, even when the query runs and the sample resolves it', async () => {
      // The query is fine; `Manager.Email` resolves on the sample, but `Manager.email` is no field.
      const cased = sandboxConnector('cased', 'SELECT Username, Manager.Email FROM User', ['Manager.email']);
      const out = await runOnSandbox(sandbox, ['check', 'cased'], [cased]);
      expect(out.code).to.equal(1);
      expect(out.stdout).to.include('FAIL cased (Sandbox cased)\n');
      expect(out.stdout).to.include(
        '  Manager.email (field field_0) is spelt Manager.Email by the source: a mapping path must match its case\n',
      );
    });

    it('passes a connector whose fields are all the source’s', async () => {
      const out = await runOnSandbox(sandbox, ['check', 'good', '--format', 'json'], [good]);
      expect(out.code, out.stdout).to.equal(0);
      const [report] = JSON.parse(out.stdout) as Array<{ ok: boolean; fieldFindings: unknown[] }>;
      expect(report).to.deep.include({ ok: true, fieldFindings: [] });
    });
  });
});
