import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEFAULT_SETTINGS } from '@shared/schemas/settings';
import {
  launchBrowser,
  openApp,
  startCompanionProcess,
  type AppPage,
  type CompanionProcess,
} from './harness';

describe('foundation: the real UI against the real companion', () => {
  let companion: CompanionProcess;
  let browser: Browser;
  let app: AppPage;

  beforeAll(async () => {
    companion = await startCompanionProcess();
    browser = await launchBrowser();
    app = await openApp(browser, companion);
  });

  afterAll(async () => {
    await app?.close();
    await browser?.close();
    const code = await companion?.stop();
    // A clean SIGTERM shutdown exits 0; anything else means the companion crashed on the way out.
    expect(code).toBe(0);
  });

  it('loads the app shell without console errors, CSP violations or outside requests', async () => {
    await app.screenshot('app-shell.png');
    expect(app.consoleErrors).toEqual([]);
    expect(await app.cspViolations()).toEqual([]);
    expect(app.blockedRequests).toEqual([]);
    // The token left the address bar (kept in sessionStorage for reloads).
    expect(app.page.url()).not.toContain('token=');
  });

  it('changes settings in the Settings page, and they persist across a reload', async () => {
    const { page } = app;
    const before = await companion.client().call('settings.get');
    expect(before).toEqual(DEFAULT_SETTINGS);

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('radiogroup', { name: 'Theme' }).getByText('Dark', { exact: true }).click();
    const interval = page.getByLabel('Default poll interval (minutes)');
    await interval.fill('45');
    await interval.press('Enter');
    await page.getByRole('switch', { name: 'Close to tray' }).click({ force: true });
    // The update watch's switches are settings like the others.
    await page.getByRole('switch', { name: 'Include pre-releases' }).click({ force: true });

    // The core has them (poll until the last mutation landed; the deadline guards against a hang only).
    const client = companion.client();
    await expect
      .poll(() => client.call('settings.get'), { timeout: 90_000 })
      .toEqual({
        ...DEFAULT_SETTINGS,
        theme: 'dark',
        defaultPollIntervalMinutes: 45,
        closeToTray: false,
        includePrereleases: true,
      });

    await page.reload();
    await page.getByLabel('Default poll interval (minutes)').waitFor();
    await expect.poll(() => page.getByLabel('Default poll interval (minutes)').inputValue()).toBe('45');
    expect(await page.getByRole('switch', { name: 'Close to tray' }).isChecked()).toBe(false);
    expect(await page.getByRole('switch', { name: 'Include pre-releases' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
    await app.screenshot('settings-after-reload.png');
    expect(app.consoleErrors).toEqual([]);
    expect(await app.cspViolations()).toEqual([]);
  });

  it('shows an out-of-range poll interval as an error and saves nothing', async () => {
    const { page } = app;
    const interval = page.getByLabel('Default poll interval (minutes)');
    await interval.fill('1');
    await interval.press('Enter');
    await expect.poll(() => interval.getAttribute('aria-invalid')).toBe('true');
    expect((await companion.client().call('settings.get')).defaultPollIntervalMinutes).toBe(45);
  });

  it('refuses a page opened without the token (the API stays closed)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${companion.origin}/`);
    // Without the token the page asks for it instead of showing an app that cannot work.
    await page.getByRole('heading', { name: /needs the companion.s access token/ }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Sections' }).count()).toBe(0);
    const info = await page.evaluate(async (port) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/api`);
      return new Promise<number>((resolve) => {
        socket.onopen = () => socket.send(JSON.stringify({ type: 'hello', token: 'guess' }));
        socket.onclose = (event) => resolve(event.code);
      });
    }, companion.port);
    expect(info).toBe(4401);
    await context.close();
  });
});
