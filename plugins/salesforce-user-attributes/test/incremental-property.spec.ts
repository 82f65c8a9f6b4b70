/**
 * The property incremental sync must keep, against the Salesforce sandbox: after any sequence of
 * field edits, deactivations and returns, bursts of one SystemModstamp and late commits inside the
 * look-back window, each followed or not by a change read, a full read changes nothing in the store.
 */
import Database from 'better-sqlite3';
import { expect } from 'chai';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from 'tributary-kit';
import { startTestHost } from '../../../testing.js';
import { startSandbox, type Sandbox } from '../../salesforce-sandbox/index.js';
import { sandboxCredentialEntry } from './support/sandbox-credential.js';

const USERS = 40;
const LOOK_BACK_S = 60;

type Step =
  | { kind: 'edit'; user: number; field: 'Department' | 'Title'; value: string }
  | { kind: 'active'; user: number; active: boolean }
  | { kind: 'burst'; users: number[]; value: string }
  | { kind: 'late'; user: number; value: string; secondsBefore: number }
  | { kind: 'run' };

const user = fc.integer({ min: 0, max: USERS - 1 });
const value = fc.constantFrom('Sales', 'Ops', 'R&D', 'Legal');
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('edit' as const),
    user,
    field: fc.constantFrom('Department' as const, 'Title' as const),
    value,
  }),
  fc.record({ kind: fc.constant('active' as const), user, active: fc.boolean() }),
  fc.record({ kind: fc.constant('burst' as const), users: fc.array(user, { minLength: 2, maxLength: 6 }), value }),
  fc.record({
    kind: fc.constant('late' as const),
    user,
    value,
    secondsBefore: fc.integer({ min: 0, max: LOOK_BACK_S - 1 }),
  }),
  fc.constant({ kind: 'run' as const }),
);

/** The org's clock for edits: one second a step, after every generated modstamp. */
class EditClock {
  #at = Date.parse('2026-03-01T00:00:00Z');
  next(): number {
    return (this.#at += 1000);
  }
  get now(): number {
    return this.#at;
  }
}

function apply(sandbox: Sandbox, clock: EditClock, s: Step): void {
  if (s.kind === 'edit') sandbox.editUser(s.user, { [s.field]: s.value }, { modstamp: clock.next() });
  else if (s.kind === 'active') sandbox.editUser(s.user, { IsActive: s.active }, { modstamp: clock.next() });
  else if (s.kind === 'burst') {
    const modstamp = clock.next();
    for (const u of s.users) sandbox.editUser(u, { Department: s.value }, { modstamp });
  } else if (s.kind === 'late')
    sandbox.editUser(s.user, { Title: s.value }, { modstamp: clock.now - s.secondsBefore * 1000 });
}

function storeOf(stateDir: string): string[] {
  const db = new Database(join(stateDir, 'users.db'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT u.identifier || ' ' || a.field || '=' || a.value FROM user_attributes a JOIN users u ON u.id = a.user_id ORDER BY 1`,
      )
      .pluck()
      .all() as string[];
  } finally {
    db.close();
  }
}

describe('salesforce-user-attributes, property: a full read after change reads changes nothing', function () {
  this.timeout(300_000);

  it('holds for random sequences of edits, deactivations, bursts and late commits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        const sandbox = await startSandbox({ users: USERS, seed: 5 });
        const stateDir = mkdtempSync(join(tmpdir(), 'tributary-sf-prop-'));
        const config = {
          credentials: [sandboxCredentialEntry(sandbox)],
          sinks: [{ id: 'users', type: 'sqlite' }],
          connectors: [
            {
              nqlId: 'sf',
              name: 'Salesforce',
              connector: 'salesforce-user-attributes',
              credentials: 'sf',
              sink: 'users',
              parameters: { query: 'SELECT Username, Department, Title FROM User WHERE IsActive = true' },
              mapping: {
                identification: 'Username',
                fields: [
                  { source: 'Department', target: 'department' },
                  { source: 'Title', target: 'title' },
                ],
              },
              sync: { mode: 'incremental', lookBack: `${LOOK_BACK_S}s`, onGap: 'fail' },
            },
          ],
        };
        const run = async (options = {}): Promise<RunResult> => {
          const host = await startTestHost({ stateDir, env: { SF_CLIENT_SECRET: sandbox.clientSecret }, config });
          try {
            return await host.run('sf', options);
          } finally {
            await host.close();
          }
        };
        const clock = new EditClock();
        try {
          expect((await run()).status).to.equal('success');
          for (const s of [...steps, { kind: 'run' } as Step]) {
            apply(sandbox, clock, s);
            if (s.kind !== 'run') continue;
            const result = await run();
            expect(result.status, result.description).to.equal('success');
            expect(result.sync?.mode).to.equal('changes');
          }
          const incremental = storeOf(stateDir);
          const full = await run({ full: 'property check' });
          expect(full.status, full.description).to.equal('success');
          expect(storeOf(stateDir)).to.deep.equal(incremental);
        } finally {
          await sandbox.close();
          rmSync(stateDir, { recursive: true, force: true });
        }
      }),
      { numRuns: 25 },
    );
  });
});
