import * as v from 'valibot';
import type { ConnectorContext, ConnectorTemplate, RecordBatch, SourceRecord } from 'tributary-kit';

/** One user of a {@link ChangingSource}: `t` is its change time (ms), like Salesforce's SystemModstamp. */
export interface SourceUser {
  readonly upn: string;
  department: string;
  t: number;
  active: boolean;
}

/**
 * A source whose users change between runs, read in full or as the changes since a cursor (the
 * users with `t` at or after the cursor minus the look-back), counting what it holds like `SELECT COUNT()`.
 */
export class ChangingSource {
  readonly users = new Map<string, SourceUser>();
  #clock = 1_000_000;

  /** Adds or edits a user; its change time is the next tick unless given (a late commit gives an earlier one). */
  set(upn: string, change: Partial<Omit<SourceUser, 'upn'>> = {}): void {
    const user = this.users.get(upn) ?? { upn, department: 'D0', t: 0, active: true };
    Object.assign(user, { ...change, t: change.t ?? ++this.#clock });
    this.users.set(upn, user);
  }

  get now(): number {
    return this.#clock;
  }

  active(): SourceUser[] {
    return [...this.users.values()].filter((u) => u.active);
  }

  template(): ConnectorTemplate {
    return {
      id: 'changing',
      displayName: 'Changing source',
      parameters: v.object({}),
      credentialTypes: [],
      credentialsOptional: true,
      readsChanges: true,
      check: async () => ({ ok: true, messages: [], sample: [] }),
      read: (context) => this.#read(context),
    };
  }

  async *#read(context: ConnectorContext): AsyncGenerator<RecordBatch> {
    const all = this.active();
    const sync = context.sync;
    let read = all;
    if (sync.mode === 'changes') {
      const from = Number(sync.since) - sync.lookBackSeconds * 1000;
      read = all.filter((u) => u.t >= from);
      context.sourceHolds(all.length, 'count');
    }
    context.expectRows(read.length);
    yield { records: read.map((u): SourceRecord => ({ Username: u.upn, Department: u.department, t: u.t })) };
    // Like a real connector, the cursor is known once the last row is read.
    if (sync.mode === 'changes' || sync.cursor) {
      const since = sync.mode === 'changes' ? Number(sync.since) : 0;
      context.setCursor(String(read.reduce((max, u) => Math.max(max, u.t), since)));
    }
  }
}
