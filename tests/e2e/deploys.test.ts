// Deploys in the browser against the real companion and dock1: "Update" on an inbox entry starts a
// health-gated update, the Deployments page follows it to "updated"; a sick new image is rolled back by
// itself and the page says why.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TidewatchClient } from '@shared/rpc/client';
import { dockerCli } from '../lab/lab';
import { labHost } from '../support/lab-host';
import { copyImage } from '../integration/helpers/registry-api';
import {
  launchBrowser,
  openApp,
  startCompanionProcess,
  type AppPage,
  type CompanionProcess,
} from './harness';

const lab = inject('lab');
const UI_WAIT = { timeout: 180_000 };
const suffix = Date.now().toString(36);
const registry = { base: `http://${lab.registries.plain}` };
const good = { repo: `e2e/deploy-good-${suffix}`, name: `e2e-dep-good-${suffix}` };
const sick = { repo: `e2e/deploy-sick-${suffix}`, name: `e2e-dep-sick-${suffix}` };

// Deploys pull, wait for health checks and watch periods: slow by nature, so a generous deadline.
describe('deploys: update from the inbox, follow it, see the rollback', { timeout: 300_000 }, () => {
  let companion: CompanionProcess;
  let client: TidewatchClient & { close(): void };
  let browser: Browser;
  let app: AppPage;
  let hostId: string;

  beforeAll(async () => {
    for (const [own, next] of [
      [good, 'lab/web'],
      [sick, 'lab/sick'],
    ] as const) {
      await copyImage(registry, 'lab/web', '1.0.0', registry, own.repo, '1.0.0');
      await copyImage(registry, next, next === 'lab/web' ? '1.1.0' : '1.0.0', registry, own.repo, '1.1.0');
      await dockerCli('dock1', [
        'run',
        '-d',
        '--name',
        own.name,
        `${lab.registries.plain}/${own.repo}:1.0.0`,
      ]);
    }
    companion = await startCompanionProcess({
      env: { TIDEWATCH_SECRET_KEY: randomBytes(32).toString('hex') },
    });
    client = companion.client();
    const host = await client.call('hosts.create', labHost(lab, 'dock1', { name: 'dock1' }));
    const probe = await client.call('hosts.testConnection', { hostId: host.id });
    await client.call('hosts.trustHostKey', { hostId: host.id, fingerprint: probe.fingerprint ?? '' });
    await client.call('hosts.connect', { hostId: host.id });
    hostId = host.id;
    await client.call('registries.create', { host: lab.registries.plain, insecure: true });
    await client.call('updates.checkNow', { hostId });
    browser = await launchBrowser();
    app = await openApp(browser, companion);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await browser?.close();
    await companion?.stop();
    for (const { name } of [good, sick]) {
      await dockerCli('dock1', ['rm', '-f', name, `${name}.tidewatch-old`]).catch(() => undefined);
    }
  });

  async function updateFromInbox(name: string) {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Updates' }).click();
    const row = page.getByRole('row').filter({ hasText: name });
    await row.waitFor(UI_WAIT);
    await row.getByRole('button', { name: `Update ${name}` }).click();
    await page.getByRole('heading', { name: 'Deployments' }).waitFor(UI_WAIT);
  }

  it('updates a container from the inbox and shows it done, with its steps', async () => {
    await updateFromInbox(good.name);
    const row = app.page.getByRole('row').filter({ hasText: good.name }).first();
    await row.getByLabel('Result: updated').waitFor(UI_WAIT);
    const steps = app.page.getByRole('list', { name: /^Steps of deploy/ }).first();
    await app.page
      .getByRole('button', { name: new RegExp(`^(Show|Hide) steps of ${good.name}`) })
      .waitFor(UI_WAIT);
    if (!(await steps.isVisible()))
      await app.page.getByRole('button', { name: new RegExp(`^Show steps of ${good.name}`) }).click();
    for (const step of ['pull', 'health', 'watch', 'retire'])
      await steps.getByText(step, { exact: true }).waitFor(UI_WAIT);
    await app.screenshot('deploy-done.png');
    const [deploy] = await client.call('deploys.list', { hostId, containerName: good.name });
    expect(deploy).toMatchObject({ state: 'done', image: `${lab.registries.plain}/${good.repo}:1.1.0` });
    // The inbox entry closes once the host was checked again.
    await expect
      .poll(
        async () =>
          (await client.call('updates.list', { hostId })).some((e) => e.containerName === good.name),
        UI_WAIT,
      )
      .toBe(false);
  });

  it('rolls a sick update back by itself and says why', async () => {
    await updateFromInbox(sick.name);
    const row = app.page.getByRole('row').filter({ hasText: sick.name }).first();
    await row.getByLabel('Result: rolled back').waitFor(UI_WAIT);
    await row.getByText(/health check failed/).waitFor(UI_WAIT);
    await app.screenshot('deploy-rolled-back.png');
    const running = (
      await dockerCli('dock1', ['inspect', '-f', '{{.State.Running}} {{.Config.Image}}', sick.name])
    ).trim();
    expect(running).toBe(`true ${lab.registries.plain}/${sick.repo}:1.0.0`);
  });

  it('the inbox says the update failed and was rolled back; automatic updates are set on the row', async () => {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Updates' }).click();
    const row = page.getByRole('row').filter({ hasText: sick.name });
    const note = row.getByLabel(`Last update of ${sick.name}`);
    await note.waitFor(UI_WAIT);
    expect(await note.textContent()).toMatch(/^Update failed: .*health check failed.*, rolled back$/);

    await row.getByRole('button', { name: `Automatic updates for ${sick.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Automatic updates: ${sick.name}` });
    const policy = dialog.getByRole('combobox', { name: 'Policy' });
    await policy.or(dialog.getByRole('textbox', { name: 'Policy' })).click();
    await page.getByRole('option', { name: /^Up to minor releases/ }).click();
    const window = dialog.getByRole('textbox', { name: /^Maintenance window/ });
    await window.fill('at night');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText(/is not a cron expression/).waitFor(UI_WAIT);
    expect(await client.call('autoUpdate.list', { hostId })).toEqual([]);

    await window.fill('* 2-4 * * *');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden', ...UI_WAIT });
    expect(await client.call('autoUpdate.list', { hostId })).toEqual([
      expect.objectContaining({ containerName: sick.name, policy: 'minor', window: '* 2-4 * * *' }),
    ]);
    await app.screenshot('inbox-update-failed.png');
  });

  it('rolls the good update back from the history, by digest', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Deployments' })
      .click();
    await page
      .getByRole('button', { name: `Roll ${good.name} on dock1 back to the version before this deploy` })
      .click();
    const rows = page.getByRole('row').filter({ hasText: good.name });
    await rows.filter({ hasText: '@sha256:' }).getByLabel('Result: updated').waitFor(UI_WAIT);
    const running = (await dockerCli('dock1', ['inspect', '-f', '{{.Config.Image}}', good.name])).trim();
    expect(running).toMatch(new RegExp(`^${lab.registries.plain}/${good.repo}@sha256:[0-9a-f]{64}$`));
  });
});
