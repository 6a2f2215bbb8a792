// The container page in the browser against the real companion and dock1: reached from the container's
// row, deep-linkable, with a secret-looking variable masked until the user reveals it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TidewatchClient } from '@shared/rpc/client';
import { dockerCli } from '../lab/lab';
import { labHost } from '../support/lab-host';
import {
  launchBrowser,
  openApp,
  startCompanionProcess,
  type AppPage,
  type CompanionProcess,
} from './harness';

const lab = inject('lab');
const UI_WAIT = { timeout: 120_000 };
const name = `e2e-page-${Date.now().toString(36)}`;

describe('container page', { timeout: 300_000 }, () => {
  let companion: CompanionProcess;
  let client: TidewatchClient & { close(): void };
  let browser: Browser;
  let app: AppPage;

  beforeAll(async () => {
    await dockerCli('dock1', [
      'run',
      '-d',
      '--name',
      name,
      '--env',
      'MODE=prod',
      '--env',
      'DB_PASSWORD=hunter2-e2e',
      '--label',
      'com.docker.compose.project=shop',
      `${lab.registries.plain}/lab/web:1.0.0`,
    ]);
    companion = await startCompanionProcess({
      env: { TIDEWATCH_SECRET_KEY: randomBytes(32).toString('hex') },
    });
    client = companion.client();
    const host = await client.call('hosts.create', labHost(lab, 'dock1', { name: 'dock1' }));
    const probe = await client.call('hosts.testConnection', { hostId: host.id });
    await client.call('hosts.trustHostKey', { hostId: host.id, fingerprint: probe.fingerprint ?? '' });
    await client.call('hosts.connect', { hostId: host.id });
    browser = await launchBrowser();
    app = await openApp(browser, companion);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await browser?.close();
    await companion?.stop();
    await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
  });

  it('opens from the row, masks the password until revealed, and survives a reload', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Containers', exact: true })
      .click();
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { name, level: 2 }).waitFor(UI_WAIT);

    const env = page.getByRole('table', { name: 'Environment' });
    expect(await env.getByLabel('Value of MODE').textContent()).toBe('prod');
    expect(await env.getByLabel('Value of DB_PASSWORD').textContent()).toBe('••••••••');
    expect(await page.content()).not.toContain('hunter2-e2e');
    await env.getByRole('button', { name: 'Reveal DB_PASSWORD' }).click();
    await env.getByText('hunter2-e2e', { exact: true }).waitFor(UI_WAIT);
    await page
      .getByRole('table', { name: 'Compose labels' })
      .getByText('shop', { exact: true })
      .waitFor(UI_WAIT);
    // Live use: the current CPU figure and a drawn chart once a few samples arrived.
    const cpu = page.getByLabel('CPU', { exact: true });
    await expect.poll(async () => (await cpu.textContent()) ?? '', UI_WAIT).toMatch(/^\d+\.\d %$/);
    await page
      .getByRole('figure', { name: 'Memory (MiB)' })
      .locator('.recharts-area-area')
      .first()
      .waitFor(UI_WAIT);
    await app.screenshot('container-page.png');

    // A deep link: the same page after a reload, masked again.
    await page.reload();
    await page.getByRole('heading', { name, level: 2 }).waitFor(UI_WAIT);
    expect(
      await page.getByRole('table', { name: 'Environment' }).getByLabel('Value of DB_PASSWORD').textContent(),
    ).toBe('••••••••');
    expect(app.consoleErrors).toEqual([]);
    expect(await app.cspViolations()).toEqual([]);
  });

  it("lists it among all hosts' containers, filtered, and restarts a selection", async () => {
    const { page } = app;
    const startedBefore = (await dockerCli('dock1', ['inspect', '-f', '{{.State.StartedAt}}', name])).trim();
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'All containers', exact: true })
      .click();
    const table = page.getByRole('table', { name: 'All containers' });
    await page.getByRole('textbox', { name: 'Filter containers' }).fill(name);
    const row = table.getByRole('row').filter({ hasText: name });
    await row.waitFor(UI_WAIT);
    expect(await table.getByRole('row').count()).toBe(2); // the header and our container
    await row.getByRole('checkbox', { name: `Select ${name} on dock1` }).check();
    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Restart 1 container?' })
      .getByRole('button', { name: 'Restart' })
      .click();
    await page.getByText('Done for 1 container', { exact: true }).waitFor(UI_WAIT);
    const startedAfter = (await dockerCli('dock1', ['inspect', '-f', '{{.State.StartedAt}}', name])).trim();
    expect(startedAfter).not.toBe(startedBefore);
    await app.screenshot('all-containers.png');
  });

  it('finds it from the search across hosts (Ctrl+K) and goes there with Enter', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Hosts', exact: true })
      .click();
    await page.keyboard.press('Control+K');
    const search = page.getByRole('textbox', { name: 'Search every host' });
    await search.waitFor(UI_WAIT);
    await search.fill(name);
    await page.getByRole('button').filter({ hasText: name }).first().waitFor(UI_WAIT);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name, level: 2 }).waitFor(UI_WAIT);
    expect(page.url()).toContain(`/containers/${name}`);
  });
});
