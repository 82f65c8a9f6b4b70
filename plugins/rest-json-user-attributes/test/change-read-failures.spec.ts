import { expect } from 'chai';
import { assertTyped, rejection } from '../../../testing.js';
import { changesSince, readWith, withChangingUsers } from './support/changing-users.js';

const USERS = [{ name: 'a@acme.example', updatedAt: '2024-03-01T10:30:00Z' }];
const FULL_WITH_CURSOR = { mode: 'full', cursor: true, reason: 'no cursor yet' } as const;

describe('rest-json-user-attributes: change reads that cannot be trusted', () => {
  it('fails when totalPath gives no count on the unfiltered first page, before reading any change', async () => {
    await withChangingUsers(USERS, { totalPath: 'count' }, async (world) => {
      const error = assertTyped(await rejection(readWith(world, changesSince('2024-03-01T10:00:00Z')), 'read'), [
        'fatal',
      ]);
      expect(error.code).to.equal('REST_SOURCE_NOT_COUNTED');
      expect(error.message).to.equal(
        `totalPath "count" on ${world.server.url}/users gives no number of records: without the number of records the endpoint holds, a change read cannot be proven to have missed none`,
      );
      expect(world.server.requests).to.have.length(1);
    });
  });

  it('fails on a record without a change time instead of moving the cursor past it', async () => {
    await withChangingUsers([...USERS, { name: 'b@acme.example' }], {}, async (world) => {
      const error = assertTyped(await rejection(readWith(world, FULL_WITH_CURSOR), 'read'), ['fatal']);
      expect(error.code).to.equal('REST_CHANGE_TIME_INVALID');
      expect(error.message).to.equal(
        'changes.changedAtPath "updatedAt" gives nothing for a record read: every record needs the time it last changed, as ISO 8601 or an epoch number',
      );
    });
  });

  it('refuses a change time that is no time, and a cursor that is not ISO 8601', async () => {
    await withChangingUsers([{ name: 'c@acme.example', updatedAt: 'yesterday' }], {}, async (world) => {
      const read = readWith(world, FULL_WITH_CURSOR);
      expect(assertTyped(await rejection(read, 'read'), ['fatal']).message).to.contain('gives "yesterday"');
      const stale = assertTyped(await rejection(readWith(world, changesSince('last tuesday')), 'read'), ['fatal']);
      expect([stale.code, stale.message]).to.deep.equal([
        'REST_CURSOR_INVALID',
        'the cursor the last run left, "last tuesday", is not an ISO 8601 time: read everything once to start again',
      ]);
    });
  });
});
