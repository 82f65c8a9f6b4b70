/**
 * The property incremental sync must keep: after any sequence of changes read incrementally, a full
 * read finds nothing left to change. Random sequences of edits, new users, deactivations and returns,
 * bursts of one timestamp and late commits inside the look-back window.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangingSource } from '../support/changing-source.js';
import { stored, syncHost } from '../support/sync-host.js';

const LOOK_BACK_MS = 1000;
const USERS = 12;

type Step =
  | { kind: 'edit'; user: number; department: string }
  | { kind: 'deactivate' | 'reactivate'; user: number }
  | { kind: 'burst'; users: number[]; department: string }
  | { kind: 'late'; user: number; department: string; before: number }
  | { kind: 'run' };

const user = fc.integer({ min: 0, max: USERS + 3 });
const department = fc.constantFrom('Sales', 'Ops', 'R&D', '');
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('edit' as const), user, department }),
  fc.record({ kind: fc.constantFrom('deactivate' as const, 'reactivate' as const), user }),
  fc.record({ kind: fc.constant('burst' as const), users: fc.array(user, { minLength: 2, maxLength: 5 }), department }),
  fc.record({ kind: fc.constant('late' as const), user, department, before: fc.integer({ min: 0, max: 500 }) }),
  fc.constant({ kind: 'run' as const }),
);

function apply(source: ChangingSource, s: Step): void {
  const upn = (i: number): string => `u${i}@acme.example`;
  if (s.kind === 'edit') source.set(upn(s.user), { department: s.department });
  else if (s.kind === 'deactivate') source.set(upn(s.user), { active: false });
  else if (s.kind === 'reactivate') source.set(upn(s.user), { active: true });
  else if (s.kind === 'burst') {
    const t = source.now + 1;
    for (const u of s.users) source.set(upn(u), { department: s.department, t });
    source.set(upn(s.users[0]!), { department: s.department, t });
  } else if (s.kind === 'late') source.set(upn(s.user), { department: s.department, t: source.now - s.before });
}

describe('incremental sync, property: a full read after change reads changes nothing', function () {
  this.timeout(300_000);

  it('holds for random sequences of changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const dir = mkdtempSync(join(tmpdir(), 'tributary-prop-'));
        const source = new ChangingSource();
        for (let i = 0; i < USERS; i++) source.set(`u${i}@acme.example`, { department: `D${i % 3}` });
        const sync = { mode: 'incremental', lookBack: `${LOOK_BACK_MS / 1000}s`, onGap: 'fail' };
        const fields = [{ source: 'Department', target: 'department', allowEmpty: true }];
        const runOnce = async (options = {}) => {
          const host = await syncHost(dir, source, { sync, fields });
          try {
            return await host.run('people', options);
          } finally {
            await host.close();
          }
        };
        try {
          expect((await runOnce()).status).to.equal('success');
          for (const s of [...steps, { kind: 'run' } as Step]) {
            apply(source, s);
            if (s.kind !== 'run') continue;
            const result = await runOnce();
            expect(result.status, result.description).to.equal('success');
            expect(result.sync?.mode).to.equal('changes');
          }
          const incremental = stored(dir);
          const full = await runOnce({ full: 'property check' });
          expect(full.status, full.description).to.equal('success');
          expect(stored(dir)).to.deep.equal(incremental);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  });
});
