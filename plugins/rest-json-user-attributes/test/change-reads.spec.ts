import { expect } from 'chai';
import type { SyncRead } from 'tributary-kit';
import { changesSince, readWith, sinceSent, withChangingUsers, type ChangedUser } from './support/changing-users.js';

/** Change times in several offsets: the latest instant is not the latest text. */
const USERS: readonly ChangedUser[] = [
  { name: 'old@acme.example', updatedAt: '2024-03-01T09:00:00Z' },
  { name: 'late@acme.example', updatedAt: '2024-03-01T09:57:00Z' },
  { name: 'paris@acme.example', updatedAt: '2024-03-01T12:30:00+02:00' },
  { name: 'utc@acme.example', updatedAt: '2024-03-01T10:45:00.250Z' },
  { name: 'noon@acme.example', updatedAt: '2024-03-01T10:05:00Z' },
];
const LATEST = '2024-03-01T10:45:00.250Z';
const FULL_WITH_CURSOR: SyncRead = { mode: 'full', cursor: true, reason: 'no cursor yet' };
const names = (records: readonly Record<string, unknown>[]) => records.map((r) => r['name']);

describe('rest-json-user-attributes: change reads', () => {
  it('counts the whole endpoint once, then sends the since parameter less the look-back on every page', async () => {
    await withChangingUsers(USERS, {}, async (world) => {
      const { records, state } = await readWith(world, changesSince('2024-03-01T10:00:00Z', 300));
      expect(names(records)).to.deep.equal([
        'late@acme.example',
        'paris@acme.example',
        'utc@acme.example',
        'noon@acme.example',
      ]);
      expect(world.server.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('o'))).to.deep.equal([
        '0',
        '0',
        '2',
        '4',
      ]);
      expect(sinceSent(world)).to.deep.equal([null, ...Array<string>(3).fill('2024-03-01T09:55:00.000Z')]);
      expect([state.sourceCount, state.sourceFrom]).to.deep.equal([
        5,
        `totalPath "total" on ${world.server.url}/users`,
      ]);
      expect([state.apiCalls, state.expectedRows]).to.deep.equal([4, 4]);
    });
  });

  it('sets the cursor to the latest change time read, compared as instants, in ISO 8601', async () => {
    await withChangingUsers(USERS, {}, async (world) => {
      const { state } = await readWith(world, changesSince('2024-03-01T10:00:00Z'));
      expect(state.cursor).to.equal(LATEST);
    });
  });

  it('keeps the cursor as it was when nothing changed, and still reports the source count', async () => {
    await withChangingUsers(USERS, {}, async (world) => {
      const { records, state } = await readWith(world, changesSince('2024-03-02T00:00:00Z'));
      expect(records).to.deep.equal([]);
      expect([state.cursor, state.sourceCount]).to.deep.equal(['2024-03-02T00:00:00Z', 5]);
    });
  });

  it('keeps the cursor when only records of the look-back window come back', async () => {
    await withChangingUsers(USERS, {}, async (world) => {
      const { records, state } = await readWith(world, changesSince('2024-03-01T10:47:00Z', 300));
      expect(names(records)).to.deep.equal(['utc@acme.example']);
      expect(state.cursor).to.equal('2024-03-01T10:47:00Z');
    });
  });

  it('keeps the since parameter on the pages of a cursor API', async () => {
    const pagination = { style: 'cursor', cursorParam: 'c', cursorPath: 'next' };
    await withChangingUsers(USERS, { pagination }, async (world) => {
      const { records } = await readWith(world, changesSince('2024-03-01T10:00:00Z', 0));
      expect(records).to.have.length(3);
      expect(world.server.requests.map((r) => r.url)).to.deep.equal([
        '/users',
        '/users?updatedSince=2024-03-01T10%3A00%3A00.000Z',
        '/users?updatedSince=2024-03-01T10%3A00%3A00.000Z&c=2',
      ]);
    });
  });

  it('writes the since parameter in epoch seconds and reads epoch change times when asked', async () => {
    const users = [
      { name: 'a@acme.example', updatedAt: 1_709_287_000 },
      { name: 'b@acme.example', updatedAt: 1_709_287_500 },
    ];
    const changes = { sinceParam: 'updatedSince', changedAtPath: 'updatedAt', sinceFormat: 'epoch-s' };
    await withChangingUsers(users, { changes }, async (world) => {
      const { records, state } = await readWith(world, changesSince('2024-03-01T10:00:00Z', 60));
      expect(sinceSent(world).slice(1, 2)).to.deep.equal(['1709287140']);
      expect(names(records)).to.deep.equal(['b@acme.example']);
      expect(state.cursor).to.equal(new Date(1_709_287_500_000).toISOString());
    });
  });
});

describe('rest-json-user-attributes: the cursor of a full read', () => {
  it('sets the latest change time as the cursor when asked, without a since parameter or a count', async () => {
    await withChangingUsers(USERS, {}, async (world) => {
      const { records, state } = await readWith(world, FULL_WITH_CURSOR);
      expect(records).to.have.length(5);
      expect(sinceSent(world)).to.deep.equal([null, null, null]);
      expect([state.cursor, state.sourceCount, state.expectedRows]).to.deep.equal([LATEST, undefined, 5]);
    });
  });

  it('neither sets a cursor nor needs change times when none is asked for', async () => {
    await withChangingUsers([{ name: 'timeless@acme.example' }], {}, async (world) => {
      const { records, state } = await readWith(world, { mode: 'full', cursor: false, reason: 'sync mode full' });
      expect([records.length, state.cursor]).to.deep.equal([1, undefined]);
    });
  });

  it('sets no cursor when the row limit stopped the read before its last page', async () => {
    await withChangingUsers(USERS, {}, async (world) => {
      const { records, state } = await readWith(world, FULL_WITH_CURSOR, { maxRows: 2 });
      expect([records.length, state.cursor]).to.deep.equal([2, undefined]);
    });
  });
});
