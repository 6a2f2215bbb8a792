// Where deploys start, in the browser against the real companion and dock1: "Update to…" on a container row
// lists the registry's tags and deploys the chosen one, "Roll back" on the row goes back by digest, and
// "Update selected" in the inbox updates two containers at once, and "Update…" in All containers updates a
// selection across hosts (the inbox's offer, or the same tag again). Each outcome is checked on the host.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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
// Deploys pull, pass a health check and a watch period: nothing here depends on how fast that is.
const UI_WAIT = { timeout: 240_000 };
const suffix = Date.now().toString(36);
const registry = { base: `http://${lab.registries.plain}` };
const row = { repo: `ctr/e2e-row-${suffix}`, name: `ctr-e2e-row-${suffix}` };
const bulk = [1, 2].map((n) => ({ repo: `ctr/e2e-bulk${n}-${suffix}`, name: `ctr-e2e-bulk${n}-${suffix}` }));
const fleet = { repo: `ctr/e2e-fleet-${suffix}`, name: `ctr-e2e-fleet-${suffix}` };
const all = [row, ...bulk, fleet];

async function inspect(name: string, format: string): Promise<string> {
  return (await dockerCli('dock1', ['inspect', '-f', format, name])).trim();
}

describe('deploys start from a container and from the inbox selection', { timeout: 600_000 }, () => {
  let companion: CompanionProcess;
  let client: TidewatchClient & { close(): void };
  let browser: Browser;
  let app: AppPage;
  let hostId: string;

  beforeAll(async () => {
    // Each container has a repository of its own: lab/web 1.0.0 running, lab/web 1.1.0 as 1.1.0.
    for (const own of all) {
      await copyImage(registry, 'lab/web', '1.0.0', registry, own.repo, '1.0.0');
      await copyImage(registry, 'lab/web', '1.1.0', registry, own.repo, '1.1.0');
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
    browser = await launchBrowser();
    app = await openApp(browser, companion);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await browser?.close();
    await companion?.stop();
    for (const { name } of all) {
      await dockerCli('dock1', ['rm', '-f', name, `${name}.tidewatch-old`]).catch(() => undefined);
    }
  });

  async function nav(page: Page, section: string) {
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: section, exact: true })
      .click();
  }

  /** Opens the Deploy menu of the container's row on the Containers page. */
  async function deployMenu(page: Page, name: string) {
    await nav(page, 'Containers');
    // The page before (Deployments) lists the container too: wait until the containers show.
    await page.getByRole('heading', { name: /Containers on dock1/ }).waitFor(UI_WAIT);
    const containerRow = page.getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
    await containerRow.waitFor(UI_WAIT);
    await containerRow.getByRole('button', { name: `Deploy ${name}` }).click();
    return page.getByRole('menu', { name: `Deploy ${name}` });
  }

  async function waitForDone(page: Page, name: string, image: RegExp) {
    await page.getByRole('heading', { name: 'Deployments' }).waitFor(UI_WAIT);
    await page
      .getByRole('row')
      .filter({ hasText: name })
      .filter({ hasText: image })
      .getByLabel('Result: updated')
      .waitFor(UI_WAIT);
  }

  it('updates a container to a chosen tag from its row, then rolls it back from the row', async () => {
    const { page } = app;
    const repo = `${lab.registries.plain}/${row.repo}`;
    const before = await inspect(row.name, '{{.Image}}');

    // Nothing deployed yet: Roll back is there but says why it cannot run.
    let menu = await deployMenu(page, row.name);
    const rollBack = menu.getByRole('menuitem', { name: 'Roll back…' });
    await expect.poll(() => rollBack.getAttribute('aria-disabled'), UI_WAIT).toBe('true');
    await rollBack.hover();
    await page.getByText('No finished deploy of this container to go back from').waitFor(UI_WAIT);
    await menu.getByRole('menuitem', { name: 'Update to…' }).click();

    const modal = page.getByRole('dialog', { name: `Update ${row.name} to…` });
    const tags = modal.getByRole('table', { name: `Tags of ${row.name}` });
    await tags.waitFor(UI_WAIT);
    await expect
      .poll(() => tags.getByRole('row').allInnerTexts())
      .toEqual([
        expect.stringMatching(/^1\.1\.0\s+minor\s+deploy$/i),
        expect.stringMatching(/^1\.0\.0\s+running\s+running$/i),
      ]);
    await app.screenshot('container-update-to.png');
    await modal.getByRole('button', { name: `Update ${row.name} to 1.1.0` }).click();
    await waitForDone(page, row.name, /:1\.1\.0/);
    expect(await inspect(row.name, '{{.State.Running}} {{.Config.Image}}')).toBe(`true ${repo}:1.1.0`);

    menu = await deployMenu(page, row.name);
    await expect.poll(() => rollBack.getAttribute('aria-disabled'), UI_WAIT).toBeNull();
    await menu.getByRole('menuitem', { name: 'Roll back…' }).click();
    await page
      .getByRole('dialog', { name: `Roll ${row.name} back?` })
      .getByRole('button', { name: 'Roll back' })
      .click();
    await waitForDone(page, row.name, /@sha256:/);
    // The same image as before the update, pinned by its digest.
    expect(await inspect(row.name, '{{.State.Running}} {{.Image}}')).toBe(`true ${before}`);
    expect(await inspect(row.name, '{{.Config.Image}}')).toBe(`${repo}@${lab.images.web.tags['1.0.0']}`);
    const [last] = await client.call('deploys.list', { hostId, containerName: row.name });
    expect(last).toMatchObject({ state: 'done', image: expect.stringContaining('@sha256:') });

    // Pinned by digest now: there is no tag to pull again, and the menu says so.
    menu = await deployMenu(page, row.name);
    const redeploy = menu.getByRole('menuitem', { name: 'Redeploy…' });
    expect(await redeploy.getAttribute('aria-disabled')).toBe('true');
    await page.keyboard.press('Escape');
  });

  it('updates two selected inbox entries with "Update selected"', async () => {
    const { page } = app;
    await client.call('updates.checkNow', { hostId });
    await nav(page, 'Updates');
    for (const { name } of bulk) {
      await page.getByRole('checkbox', { name: `Select ${name}` }).waitFor(UI_WAIT);
      await page.getByRole('checkbox', { name: `Select ${name}` }).check();
    }
    await page.getByRole('button', { name: 'Update selected' }).click();
    // Both opened at once: the notification names no refusal.
    await page.getByText('Updating 2 containers').waitFor(UI_WAIT);
    for (const { name } of bulk) await waitForDone(page, name, /:1\.1\.0/);
    for (const { name, repo } of bulk) {
      expect(await inspect(name, '{{.State.Running}} {{.Config.Image}}')).toBe(
        `true ${lab.registries.plain}/${repo}:1.1.0`,
      );
      const [deploy] = await client.call('deploys.list', { hostId, containerName: name });
      expect(deploy).toMatchObject({ state: 'done', image: `${lab.registries.plain}/${repo}:1.1.0` });
    }
  });

  it('redeploys the same tag from the row after a confirm: a new container of the same image', async () => {
    const { page } = app;
    const [{ name, repo }] = bulk as [(typeof bulk)[number]];
    const before = await inspect(name, '{{.Id}} {{.Image}}');
    const menu = await deployMenu(page, name);
    await menu.getByRole('menuitem', { name: 'Redeploy…' }).click();
    await page
      .getByRole('dialog', { name: `Redeploy ${name}?` })
      .getByRole('button', { name: 'Redeploy' })
      .click();
    await page.getByRole('heading', { name: 'Deployments' }).waitFor(UI_WAIT);
    await expect
      .poll(async () => (await client.call('deploys.list', { hostId, containerName: name }))[0], UI_WAIT)
      .toMatchObject({ state: 'done', image: `${lab.registries.plain}/${repo}:1.1.0` });
    const [oldId, oldImage] = before.split(' ');
    const [newId, newImage] = (await inspect(name, '{{.Id}} {{.Image}}')).split(' ');
    expect(newId).not.toBe(oldId);
    expect(newImage).toBe(oldImage);
    expect(await inspect(name, '{{.State.Running}} {{.Config.Image}}')).toBe(
      `true ${lab.registries.plain}/${repo}:1.1.0`,
    );
  });

  it('updates a selection from All containers: one to the offered tag, one pulled again at its own tag', async () => {
    const { page } = app;
    const [, again] = bulk as [(typeof bulk)[number], (typeof bulk)[number]];
    const deploysOf = async (name: string) => client.call('deploys.list', { hostId, containerName: name });
    const earlier = (await deploysOf(again.name)).length;
    await client.call('updates.checkNow', { hostId });
    await nav(page, 'All containers');
    await page.getByRole('textbox', { name: 'Filter containers' }).fill(suffix);
    for (const { name } of [fleet, again]) {
      const checkbox = page.getByRole('checkbox', { name: `Select ${name} on dock1` });
      await checkbox.waitFor(UI_WAIT);
      await checkbox.check();
    }
    await page.getByRole('button', { name: 'Update…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Update 2 containers?' });
    // The inbox's offer is named with its versions; the other one is redeployed at its own tag.
    await dialog.getByText(`${fleet.name} on dock1: 1.0.0 → 1.1.0`).waitFor(UI_WAIT);
    await dialog.getByText(`${again.name} on dock1`, { exact: true }).waitFor(UI_WAIT);
    await app.screenshot('all-containers-update.png');
    await dialog.getByRole('button', { name: 'Update', exact: true }).click();
    await page.getByText('Updating 2 containers').waitFor(UI_WAIT);
    await waitForDone(page, fleet.name, /:1\.1\.0/);
    await expect
      .poll(async () => {
        const deploys = await deploysOf(again.name);
        return deploys.length > earlier ? deploys[0]?.state : 'not yet';
      }, UI_WAIT)
      .toBe('done');
    for (const { name, repo } of [fleet, again]) {
      expect(await inspect(name, '{{.State.Running}} {{.Config.Image}}')).toBe(
        `true ${lab.registries.plain}/${repo}:1.1.0`,
      );
    }
  });
});
