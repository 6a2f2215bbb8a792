// Images on the host page in the browser, against the real companion and dock1: an image of this test's
// own (committed from its own container, so nobody else shares its id) shows in the Images tab, is removed
// through the confirm dialog, leaves the table, and docker on dock1 no longer has it.
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
/** Bounds for waits on real daemons; failures, not performance assertions. */
const UI_WAIT = { timeout: 60_000 };
const suffix = `${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
const source = `res-e2e-src-${suffix}`;
const tag = `res-e2e-img-${suffix}:1`;

describe('host page: images', { timeout: 240_000 }, () => {
  let companion: CompanionProcess;
  let client: TidewatchClient & { close(): void };
  let browser: Browser;
  let app: AppPage;
  let imageId: string;

  beforeAll(async () => {
    await dockerCli('dock1', ['create', '--name', source, `${lab.images.web.repo}:1.0.0`]);
    imageId = (
      await dockerCli('dock1', ['commit', '--change', `LABEL res.test=${suffix}`, source, tag])
    ).trim();
    await dockerCli('dock1', ['rm', '-f', source]);
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
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await browser?.close();
    client?.close();
    await companion?.stop();
    await dockerCli('dock1', ['rm', '-f', source]).catch(() => undefined);
    await dockerCli('dock1', ['rmi', '-f', imageId]).catch(() => undefined);
  });

  it('shows our image in the Images tab, removes it through the confirm dialog, and dock1 agrees', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Hosts', exact: true })
      .click();
    await page.getByLabel('Open dock1').click();
    const resources = page.getByRole('region', { name: 'Images, volumes and networks' });
    await resources.getByRole('tab', { name: 'Images' }).click();
    const row = resources.getByRole('row').filter({ hasText: tag });
    await row.waitFor(UI_WAIT);
    // The narrowest window the layout is made for.
    await page.setViewportSize({ width: 900, height: 800 });
    await app.screenshot('host-resources-images-900.png');

    await row.getByRole('button', { name: `Remove ${tag}` }).click();
    const dialog = page.getByRole('dialog', { name: `Remove ${tag}?` });
    await dialog.waitFor(UI_WAIT);
    await dialog.getByRole('button', { name: 'Remove image' }).click();
    await dialog.waitFor({ state: 'hidden', ...UI_WAIT });
    await row.waitFor({ state: 'detached', ...UI_WAIT });

    await expect(dockerCli('dock1', ['image', 'inspect', imageId])).rejects.toThrow();
    expect(app.consoleErrors).toEqual([]);
  });
});
