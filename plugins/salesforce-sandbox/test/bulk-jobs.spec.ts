import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { startSandbox, type Sandbox } from '../index.js';
import { ManualClock } from '../manual-clock.js';
import { firstError, get, send, tokenFor, type Reply } from './sandbox-client.js';

const JOBS = '/services/data/v62.0/jobs/query';
type Job = Record<string, unknown> & { id: string; state: string };

describe('sandbox Bulk API 2.0 query jobs', () => {
  let sandbox: Sandbox;
  let token: string;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock();
    sandbox = await startSandbox({ users: 4_500, latency: true, clock });
    token = await clock.runUntil(tokenFor(sandbox), 10);
  });
  afterEach(() => sandbox.close());

  const call = <T = Job>(method: string, path: string, json?: unknown): Promise<Reply<T>> =>
    clock.runUntil(send<T>(sandbox, method, path, token, json), 10);
  const create = (query: string, operation = 'query'): Promise<Reply<Job>> =>
    call('POST', JOBS, { operation, query, contentType: 'CSV', columnDelimiter: 'COMMA', lineEnding: 'LF' });

  it('creates a job, which goes UploadComplete → InProgress → JobComplete over its processing time (at least 2 s)', async () => {
    const created = await create('SELECT Id, Username, Manager.Name FROM User');
    expect(created.status).to.equal(200);
    expect(created.json).to.include({
      operation: 'query',
      object: 'User',
      state: 'UploadComplete',
      contentType: 'CSV',
      jobType: 'V2Query',
      apiVersion: 62,
    });
    expect(created.json.id).to.match(/^750[0-9A-Za-z]{15}$/);
    const states: string[] = [];
    const started = clock.now();
    for (let state = ''; state !== 'JobComplete';) {
      state = (await call('GET', `${JOBS}/${created.json.id}`)).json.state;
      if (states.at(-1) !== state) states.push(state);
      clock.advance(100);
    }
    expect(states).to.deep.equal(['UploadComplete', 'InProgress', 'JobComplete']);
    expect(clock.now() - started).to.be.at.least(2_000); // 4,500 rows × 50 ms / 1,000 is under the 2 s minimum
    expect((await call('GET', `${JOBS}/${created.json.id}`)).json).to.include({ numberRecordsProcessed: 4_500 });
  });

  it('serves the results as CSV sets of maxRecords rows, with Sforce-NumberOfRecords and Sforce-Locator (null after the last)', async () => {
    const job = (await create('SELECT Id, Username, EmployeeNumber, IsActive, Manager.Name FROM User')).json;
    const early = await call<unknown>('GET', `${JOBS}/${job.id}/results`);
    expect(early.status).to.equal(412);
    clock.advance(2_000);
    const rows: string[][] = [];
    const counts: string[] = [];
    let locator: string | null = null;
    do {
      const reply: Reply<unknown> = await call<unknown>(
        'GET',
        `${JOBS}/${job.id}/results?maxRecords=2000${locator ? `&locator=${locator}` : ''}`,
      );
      expect(reply.status).to.equal(200);
      expect(reply.headers.get('content-type')).to.equal('text/csv');
      counts.push(reply.headers.get('sforce-numberofrecords') as string);
      const [header, ...data] = parse(reply.text) as string[][];
      expect(header).to.deep.equal(['Id', 'Username', 'EmployeeNumber', 'IsActive', 'Manager.Name']);
      rows.push(...data);
      locator = reply.headers.get('sforce-locator');
      if (locator === 'null') locator = null;
    } while (locator);
    expect(counts).to.deep.equal(['2000', '2000', '500']);
    expect(rows).to.have.length(4_500);
    const rest = await clock.runUntil(
      get(
        sandbox,
        `/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id, Username, EmployeeNumber, IsActive, Manager.Name FROM User')}`,
        token,
      ),
      10,
    );
    const records = (rest.json as { records: Record<string, unknown>[] }).records;
    for (const [at, record] of records.entries()) {
      const manager = record['Manager'] as { Name: string } | null;
      expect(rows[at]).to.deep.equal([
        record['Id'],
        record['Username'],
        record['EmployeeNumber'] ?? '',
        String(record['IsActive']),
        manager?.Name ?? '',
      ]);
    }
  });

  it('aborts and deletes jobs', async () => {
    const job = (await create('SELECT Id FROM User')).json;
    expect((await call('PATCH', `${JOBS}/${job.id}`, { state: 'Aborted' })).json.state).to.equal('Aborted');
    clock.advance(5_000);
    expect((await call('GET', `${JOBS}/${job.id}`)).json.state).to.equal('Aborted');
    expect((await call('DELETE', `${JOBS}/${job.id}`)).status).to.equal(204);
    const gone = await call<unknown>('GET', `${JOBS}/${job.id}`);
    expect(gone.status).to.equal(404);
    expect(sandbox.stats).to.include({ bulkJobsCreated: 1, bulkJobsAborted: 1, bulkJobsDeleted: 1 });
  });

  it('refuses compound fields, bad SOQL and jobs past the daily limit at creation', async () => {
    const compound = await create('SELECT Id, Address FROM User');
    expect(compound.status).to.equal(400);
    expect(firstError(compound.json)).to.deep.equal({
      errorCode: 'API_ERROR',
      message: 'Selecting compound data not supported in Bulk Query',
    });
    const malformed = await create('SELECT Id FORM User');
    expect(firstError(malformed.json).errorCode).to.equal('MALFORMED_QUERY');
    sandbox.faults.bulkJobLimitExceeded = true;
    const limited = await create('SELECT Id FROM User');
    expect(firstError(limited.json)).to.deep.equal({
      errorCode: 'LIMIT_EXCEEDED',
      message: 'Max bulk v2 query jobs (10000) per 24 hrs has been reached (10001)',
    });
    expect(sandbox.stats.bulkJobsCreated).to.equal(0);
  });

  it('describes User: types, and for each lookup its relationship name and target', async () => {
    const describe = await call<{ fields: Record<string, unknown>[] }>(
      'GET',
      '/services/data/v62.0/sobjects/User/describe',
    );
    const byName = new Map(describe.json.fields.map((f) => [f['name'], f]));
    expect(byName.get('ManagerId')).to.include({ type: 'reference', relationshipName: 'Manager' });
    expect(byName.get('ManagerId')?.['referenceTo']).to.deep.equal(['User']);
    expect(byName.get('IsActive')).to.include({ type: 'boolean' });
    expect(byName.get('Address')).to.include({ type: 'address' });
  });
});
