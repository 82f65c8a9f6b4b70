import Database from 'better-sqlite3';
import { expect } from 'chai';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { LedgerPage } from '../browser/api-types.js';
import { describeInBrowser } from '../../../testing.js';
import { openConsole, runToEnd, screenshot } from './console-session.js';
import {
  storedUsers,
  SF_USERS,
  startSandboxConsole,
  type StoredUsers,
  type SandboxConsole,
} from './sandbox-console-server.js';

const TOKEN = 'console-preview-token-0123456789';
/** The department the previewed user has in the source now, markup included: shown as text. */
const MOVED = 'Moved <i>here</i>';

/** What the sqlite store holds for `upn`: field → value. */
function storedFields(stateDir: string, upn: string): Record<string, string> {
  const db = new Database(join(stateDir, 'users.db'), { readonly: true });
  try {
    const rows = db
      .prepare('SELECT a.field, a.value FROM user_attributes a JOIN users u ON u.id = a.user_id WHERE u.identifier = ?')
      .all(upn) as { field: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.field, r.value]));
  } finally {
    db.close();
  }
}

describeInBrowser('console: the preview of one user', (browser) => {
  let c: SandboxConsole;
  let page: Page;
  let users: StoredUsers;
  const connectorPage = (): string => `${c.server.url}/console/connectors/${SF_USERS}`;

  before(async () => {
    c = await startSandboxConsole(TOKEN, 12);
    const result = await runToEnd(c.server, SF_USERS);
    expect(result.status, result.description).to.equal('success');
    users = storedUsers(c.stateDir);
    c.sandbox.editUser(users.rows[0]!, { Department: MOVED });
    page = await openConsole(browser(), c.server, TOKEN, { viewport: { width: 1280, height: 760 } });
  });
  after(async () => {
    await page?.close();
    await c?.close();
  });

  it('shows each step for one user, the new value against the stored one, and writes nothing', async () => {
    const row = users.rows[0]!;
    const upn = users.upn(row);
    const before = { department: users.value(row, 'department'), title: users.value(row, 'title') };
    expect(storedFields(c.stateDir, upn)).to.deep.equal(before);
    await page.goto(connectorPage());
    const previews: string[] = [];
    page.on(
      'request',
      (request) =>
        void (request.url().endsWith(`/api/connectors/${SF_USERS}/preview`) && previews.push(request.method())),
    );
    await page.fill('#preview-user', upn);
    await page.click('button:text("Preview a user")');
    await page.waitForSelector('#user-preview .preview-record');
    expect(previews).to.deep.equal(['POST']);

    expect(await page.textContent('#user-preview .dry-run')).to.match(
      /^Nothing was written: a dry run, logged as run /,
    );
    const received = JSON.parse((await page.textContent('#user-preview pre.received'))!) as Record<string, unknown>;
    expect([received['Username'], received['Department'], received['Title']]).to.deep.equal([upn, MOVED, before.title]);
    expect(await page.textContent('#user-preview .identification')).to.equal(`ok upn ${upn}`);
    const fields = await page.$$eval('#user-preview .preview-fields tbody tr', (trs) =>
      trs.map((tr) => [tr.className, ...[...tr.querySelectorAll('td')].map((td) => td.textContent)]),
    );
    expect(fields).to.deep.equal([
      ['change', 'department', 'Department', MOVED, before.department, 'changed'],
      ['', 'title', 'Title', before.title, before.title, 'unchanged'],
    ]);
    expect(await page.$$('#user-preview i')).to.have.length(0);
    await screenshot(page, 'console-user-preview.png');

    expect(storedFields(c.stateDir, upn)).to.deep.equal(before);
    const changes = (await (await c.server.fetch(`/api/changes?user=${encodeURIComponent(upn)}`)).json()) as LedgerPage;
    expect(changes.entries, 'the initial load is not itemised, and the preview records nothing').to.deep.equal([]);
  });

  it('says when the source holds no record for the user', async () => {
    await page.goto(connectorPage());
    await page.fill('#preview-user', 'nobody@acme.example');
    await page.click('button:text("Preview a user")');
    await page.waitForSelector('#user-preview .dry-run');
    expect(await page.textContent('#user-preview')).to.include(
      'The source returned no record for nobody@acme.example.',
    );
    expect(await page.$$('#user-preview .preview-record')).to.have.length(0);
  });

  it('says at which step a preview failed, when the source refuses to answer', async () => {
    await page.goto(connectorPage());
    await page.fill('#preview-user', users.upn(users.rows[0]!));
    c.sandbox.faults.apiDisabled = true;
    try {
      await page.click('button:text("Preview a user")');
      await page.waitForSelector('#user-preview .preview-failed');
    } finally {
      c.sandbox.faults.apiDisabled = false;
    }
    expect(await page.textContent('#user-preview .preview-failed')).to.match(
      /^The preview failed at asking the source for the user: API_DISABLED_FOR_ORG: .+ \(SF_API_DISABLED_FOR_ORG\)$/,
    );
    expect(await page.$$('#user-preview .preview-record')).to.have.length(0);
    expect(await page.textContent('#user-preview .dry-run')).to.match(/^Nothing was written/);
  });

  it('needs the operator token', async () => {
    const anonymous = await browser().newPage();
    try {
      await anonymous.goto(connectorPage());
      await anonymous.fill('#preview-user', users.upn(users.rows[0]!));
      const [response] = await Promise.all([
        anonymous.waitForResponse((r) => r.url().endsWith(`/api/connectors/${SF_USERS}/preview`)),
        anonymous.click('button:text("Preview a user")'),
      ]);
      expect(response.status()).to.equal(401);
      await anonymous.waitForSelector('#messages .message.error');
      expect(await anonymous.textContent('#messages')).to.equal(
        'This server needs its operator token: enter it at the top right.',
      );
      expect(await anonymous.$$('#user-preview .preview-record')).to.have.length(0);
    } finally {
      await anonymous.close();
    }
  });
});
