// Companions in the browser: the app (companion A, the "desktop") attaches to companion B running inside
// dock1's network namespace (a companion on a server, its API on dock1's loopback only) through dock1's SSH
// connection, from the Companions page with the token pasted. The core switcher in the header then operates
// B's core: the pages show B's hosts, not A's; switching back shows A's again; detaching hides the switcher.
import { randomBytes } from 'node:crypto';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TidewatchClient } from '@shared/rpc/client';
import { buildAndPushImage, dockerCli, hostNetns } from '../lab/lab';
import { addTrustedLabHost } from '../support/quiet-core';
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
const suffix = Date.now().toString(36);
const LOCAL_HOST = `twui-local-${suffix}`;
const REMOTE_HOST = `twui-on-server-${suffix}`;
const COMPANION_NAME = `team server ${suffix}`;
const UPDATE_REPO = `lab/e2e-companion-upd-${suffix}`;
const UPDATE_CONTAINER = `e2e-companion-upd-${suffix}`;

describe('companions: attach from the page, operate its core from the header', { timeout: 300_000 }, () => {
  let desktop: CompanionProcess;
  let server: CompanionProcess;
  let client: TidewatchClient & { close(): void };
  let browser: Browser;
  let app: AppPage;

  beforeAll(async () => {
    const secretKey = () => ({ TIDEWATCH_SECRET_KEY: randomBytes(32).toString('hex') });
    server = await startCompanionProcess({ env: secretKey(), netns: hostNetns('dock1') });
    desktop = await startCompanionProcess({ env: secretKey() });
    client = desktop.client();
    const hostId = await addTrustedLabHost(client, lab, 'dock1', { name: LOCAL_HOST });
    await client.call('hosts.connect', { hostId });
    browser = await launchBrowser();
    app = await openApp(browser, desktop);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await browser?.close();
    client?.close();
    await desktop?.stop();
    await server?.stop();
    await dockerCli('dock1', ['rm', '-f', UPDATE_CONTAINER]).catch(() => undefined);
  });

  const nav = (label: string) =>
    app.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: label, exact: true });
  // Mantine's Select is a combobox (older builds: a textbox).
  const coreSelect = () =>
    app.page
      .getByRole('combobox', { name: 'Core', exact: true })
      .or(app.page.getByRole('textbox', { name: 'Core', exact: true }));

  async function choose(scope: Locator, label: string, option: string) {
    const field = scope
      .getByRole('combobox', { name: label })
      .or(scope.getByRole('textbox', { name: label }));
    await field.first().click();
    await app.page.getByRole('option', { name: option, exact: true }).click();
  }

  it('refuses a wrong token at its field, then attaches with the right one', async () => {
    const { page } = app;
    await nav('Companions').click();
    await page.getByText('No companion attached yet.').waitFor(UI_WAIT);
    const form = page.getByRole('region', { name: 'Attach a companion' });
    await choose(form, 'Host it runs on', LOCAL_HOST);
    await form.getByRole('textbox', { name: 'Port' }).fill(String(server.port));
    await form.getByRole('textbox', { name: 'Name' }).fill(COMPANION_NAME);
    await form.getByText('Paste the token', { exact: true }).click();
    await form.getByLabel('Token', { exact: true }).fill('A'.repeat(43));
    await form.getByRole('button', { name: 'Attach' }).click();
    await form.getByText('The companion refused this token').waitFor(UI_WAIT);
    expect(await client.call('companions.list')).toEqual([]);

    await form.getByLabel('Token', { exact: true }).fill(server.token);
    await form.getByRole('button', { name: 'Attach' }).click();
    const row = page.getByRole('row', { name: `Companion ${COMPANION_NAME}` });
    await row.getByText('open', { exact: true }).waitFor(UI_WAIT);
    await row.getByText(`${LOCAL_HOST}, port ${server.port}`).waitFor(UI_WAIT);
    // The token is kept by the core, never shown.
    expect(await page.content()).not.toContain(server.token);
  });

  it('operates the companion’s core from the header, and switches back', async () => {
    const { page } = app;
    const [attached] = await client.call('companions.list');
    // A host that exists only on the server's core (saved there, not connected).
    await client.call('companions.call', {
      id: attached!.id,
      method: 'hosts.create',
      input: labHost(lab, 'dock2', { name: REMOTE_HOST }),
    });

    await page
      .getByRole('row', { name: `Companion ${COMPANION_NAME}` })
      .getByRole('button', { name: 'Operate' })
      .click();
    await page.waitForURL(/#\/hosts$/, UI_WAIT);
    await expect.poll(() => coreSelect().inputValue(), UI_WAIT).toBe(COMPANION_NAME);
    const main = page.getByRole('main');
    await main.getByText(REMOTE_HOST).first().waitFor(UI_WAIT);
    expect(await main.getByText(LOCAL_HOST).count()).toBe(0);

    await coreSelect().click();
    await page.getByRole('option', { name: 'This server', exact: true }).click();
    await main.getByText(LOCAL_HOST).first().waitFor(UI_WAIT);
    expect(await main.getByText(REMOTE_HOST).count()).toBe(0);
  });

  it('lists what the companion found in this app’s Updates inbox, and opens it on the companion', async () => {
    const { page } = app;
    const [attached] = await client.call('companions.list');
    const call = (method: string, input?: unknown) =>
      client.call('companions.call', { id: attached!.id, method, input });
    // The server's own engine, as a local host of its companion (dock1's socket is its machine's socket).
    const created = await call('hosts.createLocal', {
      name: `server engine ${suffix}`,
      dockerSocket: lab.hosts.dock1.dockerSocket,
    });
    const serverHostId = (created as { ok: true; data: { id: string } }).data.id;
    await call('hosts.connect', { hostId: serverHostId });
    await call('registries.create', { host: lab.registries.plain, insecure: true });
    const image = (tag: string) => `${lab.registries.plain}/${UPDATE_REPO}:${tag}`;
    await buildAndPushImage({ repo: UPDATE_REPO, tag: '1.0.0', registry: lab.registries.plain });
    await dockerCli('dock1', ['pull', '-q', image('1.0.0')]);
    await dockerCli('dock1', ['create', '--name', UPDATE_CONTAINER, image('1.0.0')]);
    await buildAndPushImage({ repo: UPDATE_REPO, tag: '1.0.1', registry: lab.registries.plain });
    await call('updates.checkNow', { hostId: serverHostId });

    await nav('Updates').click();
    const section = page.getByRole('region', { name: `Found by ${COMPANION_NAME}` });
    const row = section.getByRole('row').filter({ hasText: UPDATE_CONTAINER });
    await row.waitFor(UI_WAIT);
    await row.getByText('1.0.0 → 1.0.1').waitFor(UI_WAIT);
    await row.getByText(`server engine ${suffix}`).waitFor(UI_WAIT);
    await app.screenshot('companion-updates-in-inbox.png');

    await section.getByRole('button', { name: `Open on ${COMPANION_NAME}` }).click();
    await expect.poll(() => coreSelect().inputValue(), UI_WAIT).toBe(COMPANION_NAME);
    // The companion's own inbox, where the entry can be acted on; the section is this app's only.
    await page.getByRole('main').getByText(UPDATE_CONTAINER).first().waitFor(UI_WAIT);
    expect(await page.getByRole('region', { name: `Found by ${COMPANION_NAME}` }).count()).toBe(0);

    await coreSelect().click();
    await page.getByRole('option', { name: 'This server', exact: true }).click();
    await expect.poll(() => coreSelect().inputValue(), UI_WAIT).toBe('This server');
  });

  it('detaches after confirmation; the switcher goes away', async () => {
    const { page } = app;
    await nav('Companions').click();
    const row = page.getByRole('row', { name: `Companion ${COMPANION_NAME}` });
    await row.getByRole('button', { name: 'Detach' }).click();
    await row.getByRole('button', { name: 'Confirm detach' }).click();
    await page.getByText('No companion attached yet.').waitFor(UI_WAIT);
    await coreSelect().waitFor({ state: 'detached', ...UI_WAIT });
    expect(await client.call('companions.list')).toEqual([]);
    expect(await app.cspViolations()).toEqual([]);
  });
});
