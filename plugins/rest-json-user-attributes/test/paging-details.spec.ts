import { expect } from 'chai';
import { readAll, readDirectly } from '../../../testing.js';
import { restWorld, sendJson } from './support/rest-host.js';

const users = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ name: `u${from + i}@acme.example` }));

describe('rest-json-user-attributes: paging details', () => {
  it('page-number from page 0 without a size parameter, ending on a short page', async () => {
    const world = await restWorld(
      (req, res) => {
        const page = Number(new URL(req.url!, 'http://x').searchParams.get('p'));
        sendJson(res, 200, page < 2 ? users(3, page * 3) : users(1, 6));
      },
      { pagination: { style: 'page-number', pageParam: 'p', pageSize: 3, startPage: 0 } },
    );
    try {
      const records = await readAll(readDirectly(world.th, 'rest_users'));
      expect(records).to.have.length(7);
      expect(world.server.requests.map((r) => r.url)).to.deep.equal(['/users?p=0', '/users?p=1', '/users?p=2']);
    } finally {
      await world.close();
    }
  });

  it('resolves a relative next link against the page that named it and keeps the extra headers', async () => {
    const world = await restWorld(
      (req, res) => {
        sendJson(
          res,
          200,
          req.url === '/users'
            ? { data: users(2), links: { next: 'users?after=2' } }
            : { data: users(1, 2), links: {} },
        );
      },
      {
        recordsPath: 'data',
        pagination: { style: 'next-link', nextPath: 'links.next' },
        headers: { 'x-tenant': 'acme' },
      },
    );
    try {
      expect(await readAll(readDirectly(world.th, 'rest_users'))).to.have.length(3);
      expect(world.server.requests.map((r) => r.url)).to.deep.equal(['/users', '/users?after=2']);
      expect(world.server.requests.every((r) => r.headers['x-tenant'] === 'acme')).to.equal(true);
    } finally {
      await world.close();
    }
  });

  it('stops a cursor API on an empty page even when it still sends a cursor', async () => {
    const world = await restWorld(
      (req, res) => {
        const cursor = new URL(req.url!, 'http://x').searchParams.get('c');
        sendJson(res, 200, { items: cursor === null ? users(2) : [], next: 42 });
      },
      { recordsPath: 'items', pagination: { style: 'cursor', cursorParam: 'c', cursorPath: 'next' } },
    );
    try {
      expect(await readAll(readDirectly(world.th, 'rest_users'))).to.have.length(2);
      expect(world.server.requests.map((r) => r.url)).to.deep.equal(['/users', '/users?c=42']);
    } finally {
      await world.close();
    }
  });

  it('treats a single object as one record', async () => {
    const world = await restWorld((_req, res) => sendJson(res, 200, { user: { name: 'solo@acme.example' } }), {
      recordsPath: 'user',
    });
    try {
      expect(await readAll(readDirectly(world.th, 'rest_users'))).to.deep.equal([{ name: 'solo@acme.example' }]);
    } finally {
      await world.close();
    }
  });

  it('announces the total and stops mid-way at a row limit smaller than a page', async () => {
    const world = await restWorld(
      (req, res) => {
        const offset = Number(new URL(req.url!, 'http://x').searchParams.get('o'));
        sendJson(res, 200, { total: 40, rows: users(10, offset) });
      },
      {
        recordsPath: 'rows',
        totalPath: 'total',
        pagination: { style: 'offset', offsetParam: 'o', limitParam: 'l', pageSize: 10 },
      },
    );
    try {
      const read = readDirectly(world.th, 'rest_users', { maxRows: 15 });
      expect(await readAll(read)).to.have.length(20);
      expect(read.state.expectedRows).to.equal(40);
      expect(read.state.apiCalls).to.equal(2);
    } finally {
      await world.close();
    }
  });
});
