import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { describeInBrowser } from '../../../testing.js';
import { PEOPLE, listedRun, startControlConsole, type ControlConsole } from './control-console-server.js';
import { openConsole, runToEnd } from './console-session.js';

const TOKEN = 'console-held-banner-token-0123456789';

describeInBrowser('console: the connector list names the held runs waiting for a decision', (browser) => {
  let c: ControlConsole;
  let page: Page;

  before(async () => {
    c = await startControlConsole(TOKEN, { rows: 20, hold: { maxChangedPercent: 20 } });
    const initial = await runToEnd(c.server, PEOPLE);
    expect(initial.status, initial.description).to.equal('success');
    page = await openConsole(browser(), c.server, TOKEN);
  });
  after(async () => {
    await page?.close();
    await c?.close();
  });

  it('lists a held run above the connectors, linking to its page, and hides the banner once it is decided', async () => {
    await page.waitForSelector('#connectors tbody tr');
    expect(await page.isHidden('#held-runs')).to.equal(true);
    for (let row = 0; row < 10; row++) c.departments[row] = 'Finance';
    expect((await c.server.fetch(`/api/connectors/${PEOPLE}/run`, { method: 'POST' })).status).to.equal(202);
    const runId = await listedRun(page, TOKEN, '/api/runs/held', PEOPLE);
    const item = await page.waitForSelector(`#held-runs li[data-run-id="${runId}"]`);
    expect(await page.textContent('#held-runs b')).to.equal('1 held run waits for a decision:');
    expect(await item.$eval('a', (a) => [a.getAttribute('href'), a.textContent])).to.deep.equal([
      `/console/runs/${runId}`,
      PEOPLE,
    ]);
    expect(await item.textContent()).to.include('10 users changed');
    const ended = c.server.nextRunEnd(PEOPLE);
    expect((await c.server.fetch(`/api/runs/${runId}/reject`, { method: 'POST' })).status).to.equal(200);
    expect((await ended).status).to.equal('failure');
    await page.waitForSelector('#held-runs', { state: 'hidden' });
  });
});
