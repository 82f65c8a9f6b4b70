import { expect } from 'chai';
import { toAuditEntry, toHeldRun, toLiveRun, type HeldRow, type LiveRow } from './control-rows.js';

const HELD_AT = '2026-03-01T09:55:00.000Z';
const DEADLINE = '2026-03-01T10:55:00.000Z';
const COUNTS = { receivedRows: 10, processedRows: 9, leavers: 3, clearedValues: 4, changedUsers: 5 };

const heldText: HeldRow = {
  run_id: 'r1',
  nql_id: 'crm',
  host: 'h1',
  held_at: HELD_AT,
  deadline: DEADLINE,
  reasons: JSON.stringify(['3 leavers']),
  counts: JSON.stringify(COUNTS),
  verdict: null,
  decided_by: null,
  decided_address: null,
  decided_at: null,
};
const heldParsed: HeldRow = {
  ...heldText,
  held_at: new Date(HELD_AT),
  deadline: new Date(DEADLINE),
  reasons: ['3 leavers'],
  counts: COUNTS,
};

describe('control store rows', () => {
  it('reads a held row the same from ISO text and JSON text as from dates and parsed JSON', () => {
    const expected = {
      runId: 'r1',
      nqlId: 'crm',
      host: 'h1',
      heldAt: new Date(HELD_AT),
      deadline: new Date(DEADLINE),
      reasons: ['3 leavers'],
      counts: COUNTS,
    };
    expect(toHeldRun(heldText)).to.deep.equal(expected);
    expect(toHeldRun(heldParsed)).to.deep.equal(expected);
  });

  it("keeps a decision's address only when the row has one", () => {
    const decided = { verdict: 'approved' as const, decided_by: 'ops', decided_at: DEADLINE };
    expect(toHeldRun({ ...heldText, ...decided, decided_address: null }).decision).to.deep.equal({
      verdict: 'approved',
      by: 'ops',
      at: new Date(DEADLINE),
    });
    expect(
      toHeldRun({ ...heldParsed, ...decided, decided_at: new Date(DEADLINE), decided_address: '10.0.0.1' }).decision,
    ).to.deep.equal({ verdict: 'approved', by: 'ops', at: new Date(DEADLINE), address: '10.0.0.1' });
  });

  it('leaves out the expected rows and the cancel request a live row does not have', () => {
    const row: LiveRow = {
      run_id: 'r2',
      nql_id: 'crm',
      host: 'h1',
      started_at: HELD_AT,
      updated_at: new Date(DEADLINE),
      phase: 'read',
      received_rows: 4,
      processed_rows: 2,
      expected_rows: null,
      cancel_by: null,
      cancel_at: null,
    };
    const live = toLiveRun(row);
    expect(live).to.deep.equal({
      runId: 'r2',
      nqlId: 'crm',
      host: 'h1',
      startedAt: new Date(HELD_AT),
      updatedAt: new Date(DEADLINE),
      phase: 'read',
      receivedRows: 4,
      processedRows: 2,
    });
    expect(toLiveRun({ ...row, expected_rows: 7, cancel_by: 'ops', cancel_at: DEADLINE })).to.deep.include({
      expectedRows: 7,
      cancelRequested: { by: 'ops', at: new Date(DEADLINE) },
    });
  });

  it("names the audit entry's actor with its address only when the row has one", () => {
    const row = { time: HELD_AT, actor: 'ops', action: 'pause' as const, target: 'crm', outcome: 'paused' };
    expect(toAuditEntry({ ...row, actor_address: null })).to.deep.equal({
      time: new Date(HELD_AT),
      actor: { name: 'ops' },
      action: 'pause',
      target: 'crm',
      outcome: 'paused',
    });
    expect(toAuditEntry({ ...row, time: new Date(HELD_AT), actor_address: '10.0.0.1' }).actor).to.deep.equal({
      name: 'ops',
      address: '10.0.0.1',
    });
  });
});
