// The Swarm card on a manager's host page, in the browser against the real companion and a two-node swarm
// of lab engines: nodes and services show, "Update…" rolls a new tag out with live progress, and the
// service's tasks end on the new image.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TidewatchClient } from '@shared/rpc/client';
import { copyImage } from '../integration/helpers/registry-api';
import { addTrustedLabHost } from '../support/quiet-core';
import { createWebService, formSwarm, leaveSwarm, SWARM_NETWORK, waitForRunning } from '../support/lab-swarm';
import {
  launchBrowser,
  openApp,
  startCompanionProcess,
  type AppPage,
  type CompanionProcess,
} from './harness';

const lab = inject('lab');
/** Bounds for waits on real daemons; failures, not performance assertions. */
const UI_WAIT = { timeout: 120_000 };
const suffix = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const service = `twe2e-svc-${suffix}`;
const created = `twe2e-new-${suffix}`;
const repo = `${lab.registries.plain}/swarm-e2e/web-${suffix}`;

describe('swarm cluster view', { timeout: 300_000 }, () => {
  let companion: CompanionProcess;
  let client: TidewatchClient & { close(): void };
  let browser: Browser;
  let app: AppPage;

  beforeAll(async () => {
    const registry = { base: `http://${lab.registries.plain}` };
    await copyImage(registry, 'lab/web', '1.0.0', registry, `swarm-e2e/web-${suffix}`, '1.0.0');
    await copyImage(registry, 'lab/web', '1.1.0', registry, `swarm-e2e/web-${suffix}`, '2.0.0');
    await formSwarm(lab);
    await createWebService(service, `${repo}:1.0.0`);
    await waitForRunning(service, 2);
    companion = await startCompanionProcess({
      env: { TIDEWATCH_SECRET_KEY: randomBytes(32).toString('hex') },
    });
    client = companion.client();
    await client.call('registries.create', { host: lab.registries.plain, insecure: true });
    const hostId = await addTrustedLabHost(client, lab, 'dock1', { name: 'dock1' });
    await client.call('hosts.connect', { hostId });
    browser = await launchBrowser();
    app = await openApp(browser, companion);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await browser?.close();
    client?.close();
    await companion?.stop();
    await leaveSwarm();
  });

  it('shows nodes and services, and updates a service with live progress', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Hosts', exact: true })
      .click();
    await page.getByLabel('Open dock1').click();
    const card = page.getByRole('region', { name: 'Swarm' });
    const nodes = card.getByRole('table', { name: 'Swarm nodes' });
    await nodes.getByRole('row').filter({ hasText: lab.hosts.dock2.ip }).waitFor(UI_WAIT);
    expect(await nodes.getByRole('row').filter({ hasText: 'manager (leader)' }).innerText()).toContain(
      lab.hosts.dock1.ip,
    );
    const row = card.getByRole('table', { name: 'Swarm services' }).locator(`tr[data-service="${service}"]`);
    await row.getByText('2/2 running').waitFor(UI_WAIT);
    expect(await row.innerText()).toContain(`${repo}:1.0.0`);

    await row.getByRole('button', { name: 'Update…' }).click();
    const dialog = page.getByRole('dialog', { name: `Update service ${service}` });
    await dialog.getByLabel('Tag').fill('2.0.0');
    await dialog.getByRole('button', { name: 'Update', exact: true }).click();
    // Live progress while Swarm replaces the tasks, then the new image and a completed update.
    const status = card.getByRole('status', { name: `Update of ${service}` });
    await status.waitFor(UI_WAIT);
    await app.screenshot('swarm-update-progress.png');
    await row.getByText('updated', { exact: true }).waitFor(UI_WAIT);
    await row.getByText(`${repo}:2.0.0`).waitFor(UI_WAIT);
    await row.getByText('2/2 running').waitFor(UI_WAIT);

    await row.getByRole('button', { name: `Show tasks of ${service}` }).click();
    const tasks = card.getByRole('table', { name: 'Tasks' });
    const current = tasks.locator('tbody tr').filter({ hasText: 'running' });
    await expect.poll(() => current.count(), UI_WAIT).toBe(2);
    for (const text of await current.allInnerTexts()) expect(text).toContain(`${repo}:2.0.0`);
    await app.screenshot('swarm-cluster.png');

    const history = await client.call('deploys.list', { containerName: service });
    expect(history[0]).toMatchObject({ kind: 'swarm', state: 'done', image: `${repo}:2.0.0` });
    expect(app.consoleErrors).toEqual([]);
  });

  it('creates a service from the Swarm card', async () => {
    const { page } = app;
    const card = page.getByRole('region', { name: 'Swarm' });
    await card.getByRole('button', { name: 'New service…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New Swarm service' });
    await dialog.getByLabel('Name').fill(created);
    await dialog.getByLabel('Image').fill(`${repo}:1.0.0`);
    await dialog.getByLabel('Replicas').fill('1');
    await dialog.getByLabel('Networks').fill(SWARM_NETWORK);
    await dialog.getByLabel('Networks').press('Enter');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'hidden', ...UI_WAIT });
    const row = card.getByRole('table', { name: 'Swarm services' }).locator(`tr[data-service="${created}"]`);
    await row.getByText('1/1 running').waitFor(UI_WAIT);
    expect(await row.innerText()).toContain('dnsrr');
    expect(app.consoleErrors).toEqual([]);
  });
});
