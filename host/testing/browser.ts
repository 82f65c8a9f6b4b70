import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { testRunner } from 'tributary-kit/internal/testing/test-runner.js';

/** Where a Chromium is looked for when `TRIBUTARY_BROWSER` does not name one (Debian's `chromium` first). */
export const BROWSER_CANDIDATES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
];

/** Headless, no sandbox (it runs as root in CI), and nothing that reaches the network by itself. */
export const BROWSER_ARGS: readonly string[] = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The browser to test with: `TRIBUTARY_BROWSER`, else the first of {@link BROWSER_CANDIDATES} that exists. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const named = env['TRIBUTARY_BROWSER'];
  if (named) return existsSync(named) ? named : undefined;
  return BROWSER_CANDIDATES.find((path) => existsSync(path));
}

/** Launches a headless Chromium through playwright-core (a development dependency you install). */
export async function launchBrowser(executablePath = findBrowser()): Promise<Browser> {
  if (!executablePath)
    throw new Error(`No Chromium found (${BROWSER_CANDIDATES.join(', ')}); set TRIBUTARY_BROWSER to its path`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: [...BROWSER_ARGS] });
}

/**
 * A `describe` (mocha's, or Node's test runner's) whose tests get a real browser. Without one the suite is skipped and says why
 * (on stderr and in the pending test's title); under `CI=true` a missing browser fails instead.
 */
export function describeInBrowser(
  title: string,
  body: (browser: () => Browser) => void,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const path = findBrowser(env);
  const { describe, it, skip, before, after } = testRunner();
  if (!path) {
    const reason = `no Chromium found (${env['TRIBUTARY_BROWSER'] ? `TRIBUTARY_BROWSER=${env['TRIBUTARY_BROWSER']}` : BROWSER_CANDIDATES.join(', ')}); install it (apt-get install chromium) or set TRIBUTARY_BROWSER`;
    describe(title, () => {
      if (env['CI'] === 'true') {
        it('needs a browser under CI=true', async () => {
          throw new Error(reason);
        });
      } else {
        process.stderr.write(`Skipping "${title}": ${reason}\n`);
        skip(`skipped: ${reason}`);
      }
    });
    return;
  }
  describe(
    title,
    () => {
      let browser: Browser | undefined;
      before(async () => {
        browser = await launchBrowser(path);
      });
      after(async () => {
        await browser?.close();
      });
      body(() => {
        if (!browser) throw new Error('The browser is not launched yet: call the getter inside a test');
        return browser;
      });
    },
    { timeoutMs: 60_000 },
  );
}
