/**
 * The companion's access token as a user lives with it: an open tab survives a companion restart by
 * itself (the token is kept, and a page that could not load meanwhile loads once it is back), and a tab whose token went stale (--new-token) says so and takes the new
 * address in place, without a reload.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openApp,
  startCompanionProcess,
  type AppPage,
  type CompanionProcess,
} from './harness';

// A deadline against a hang: a companion restart on a loaded 2-core machine takes tens of seconds.
const UI_WAIT = { timeout: 150_000 };
const dataDir = mkdtempSync(join(tmpdir(), 'tidewatch-e2e-token-'));
let port = 0;
let companion: CompanionProcess;
let browser: Browser;
let app: AppPage;

/** A port that was free a moment ago: the restarted companion must come back on the same origin. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const start = (extra: string[] = []) =>
  startCompanionProcess({ dataDir, args: ['--port', String(port), ...extra] });
const connected = () => app.page.getByLabel('Core connection: Connected').waitFor(UI_WAIT);

describe('the companion access token in an open tab', () => {
  beforeAll(async () => {
    port = await freePort();
    companion = await start();
    browser = await launchBrowser();
    app = await openApp(browser, companion);
    await connected();
    // Marks this very page: a reload would lose it.
    await app.page.evaluate('window.__sameTab = true');
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await browser?.close();
    await companion?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'reconnects by itself after the companion restarts (the token is kept)',
    { timeout: 400_000 },
    async () => {
      expect(await companion.stop()).toBe(0);
      // A page first opened while the companion is down cannot fetch its code: it says so, the header
      // stays, and it loads by itself once the companion is back (it used to blank the whole window).
      await app.page
        .getByRole('navigation', { name: 'Sections' })
        .getByRole('link', { name: 'Updates' })
        .click();
      await app.page.getByText('This page could not be shown').waitFor(UI_WAIT);
      await app.page.getByLabel('Core connection: Disconnected').waitFor(UI_WAIT);
      companion = await start();
      await connected();
      await app.page.getByText('No updates yet').waitFor(UI_WAIT);
      expect(await app.page.evaluate('window.__sameTab')).toBe(true);
      await app.page.getByRole('link', { name: 'Settings' }).click();
      await app.page.getByRole('heading', { name: 'Settings' }).waitFor(UI_WAIT);
    },
  );

  it(
    'says when the token went stale and takes the new address without a reload',
    { timeout: 400_000 },
    async () => {
      expect(await companion.stop()).toBe(0);
      companion = await start(['--new-token']);
      await app.page.getByRole('heading', { name: /needs the companion.s access token/ }).waitFor(UI_WAIT);
      await app.page.getByLabel('Companion address or token').fill('not a token at all!');
      await app.page.getByRole('button', { name: 'Connect' }).click();
      await app.page.getByText(/Paste the whole address/).waitFor(UI_WAIT);
      await app.page.getByLabel('Companion address or token').fill(companion.url);
      await app.page.getByRole('button', { name: 'Connect' }).click();
      await connected();
      await app.page.getByRole('navigation', { name: 'Sections' }).waitFor(UI_WAIT);
      expect(await app.page.evaluate('window.__sameTab')).toBe(true);
      await app.screenshot('access-token-restored.png');
    },
  );
});
