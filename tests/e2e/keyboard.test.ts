// Keyboard use of the main lists in the browser against the real companion and dock1: on All containers,
// typing in the filter stays text, Esc leaves it, j/k move the active row, x selects it, Enter opens it;
// Alt+1 switches to the first host of the sidebar; on a host's Containers page j/k move through the rows of
// every project card in the order shown and Enter opens one.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { dockerCli } from '../lab/lab';
import { addTrustedLabHost } from '../support/quiet-core';
import {
  launchBrowser,
  openApp,
  startCompanionProcess,
  type AppPage,
  type CompanionProcess,
} from './harness';

const lab = inject('lab');
const UI_WAIT = { timeout: 120_000 };
const suffix = Date.now().toString(36);
const NAMES = ['a', 'b', 'c'].map((letter) => `e2e-keys-${letter}-${suffix}`);
const HOST_NAME = `keys-dock1-${suffix}`;

describe('keyboard navigation', { timeout: 300_000 }, () => {
  let companion: CompanionProcess;
  let browser: Browser;
  let app: AppPage;
  let hostId: string;

  beforeAll(async () => {
    for (const name of NAMES)
      await dockerCli('dock1', ['create', '--name', name, `${lab.registries.plain}/lab/web:1.0.0`]);
    companion = await startCompanionProcess({
      env: { TIDEWATCH_SECRET_KEY: randomBytes(32).toString('hex') },
    });
    const client = companion.client();
    hostId = await addTrustedLabHost(client, lab, 'dock1', { name: HOST_NAME });
    await client.call('hosts.connect', { hostId });
    browser = await launchBrowser();
    app = await openApp(browser, companion);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await browser?.close();
    await companion?.stop();
    for (const name of NAMES) await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
  });

  it('keeps typed keys in the filter, then moves with j/k, selects with x and opens with Enter', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'All containers', exact: true })
      .click();
    const table = page.getByRole('table', { name: 'All containers' });
    await table.getByRole('row').filter({ hasText: NAMES[0] }).waitFor(UI_WAIT);

    const filter = page.getByRole('textbox', { name: 'Filter containers' });
    await filter.click();
    // j is text while the filter has the focus; Esc hands the keys back to the list.
    await page.keyboard.type('e2e-keys-');
    await expect.poll(() => filter.inputValue()).toBe('e2e-keys-');
    await page.keyboard.press('Escape');
    await expect.poll(() => table.getByRole('row').count(), UI_WAIT).toBe(NAMES.length + 1);

    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    const active = table.locator('tr[aria-current="true"]');
    await expect.poll(() => active.count(), UI_WAIT).toBe(1);
    const rows = table.getByRole('row');
    // The header, then the data rows: the active one is the second data row.
    expect(await rows.nth(2).getAttribute('aria-current')).toBe('true');
    const activeName = await active.getByRole('link').innerText();
    expect(NAMES).toContain(activeName);

    await page.keyboard.press('x');
    await expect.poll(() => active.getByRole('checkbox').isChecked(), UI_WAIT).toBe(true);
    await page.getByText('1 selected').waitFor(UI_WAIT);

    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: activeName, level: 2 }).waitFor(UI_WAIT);
    expect(decodeURIComponent(page.url())).toContain(`/containers/${activeName}`);
  });

  it('Alt+1 switches to the first host in the sidebar', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Updates', exact: true })
      .click();
    await page.getByRole('heading', { name: 'Updates' }).waitFor(UI_WAIT);
    expect(
      await page
        .getByRole('region', { name: 'Host switcher' })
        .getByRole('button', { name: new RegExp(`^${HOST_NAME}, `) })
        .getAttribute('aria-keyshortcuts'),
    ).toBe('Alt+1');
    await page.locator('body').press('Alt+1');
    await page.waitForURL(new RegExp(`#/hosts/${hostId}$`), UI_WAIT);
    expect(app.consoleErrors).toEqual([]);
  });

  it("moves through a host's grouped containers with j/k and opens one with Enter", async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Containers', exact: true })
      .click();
    await page.getByRole('heading', { name: new RegExp(`Containers on ${HOST_NAME}`) }).waitFor(UI_WAIT);
    const filter = page.getByRole('textbox', { name: 'Filter containers' });
    await filter.fill('e2e-keys-');
    // The keys are the list's once the field is left.
    await filter.blur();
    const rows = page.locator('tr[data-container-id]');
    await expect.poll(() => rows.count(), UI_WAIT).toBe(NAMES.length);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const active = page.locator('tr[data-container-id][aria-current="true"]');
    await expect.poll(() => active.count(), UI_WAIT).toBe(1);
    expect(await rows.nth(1).getAttribute('aria-current')).toBe('true');
    const activeName = await active.getByRole('link').first().innerText();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: activeName, level: 2 }).waitFor(UI_WAIT);
    expect(app.consoleErrors).toEqual([]);
  });
});
