// "This machine" in the add-host form, in the browser against the real companion: the companion's own
// Docker engine added through its socket with no SSH (the lab's dock1 engine socket is a local socket on
// this machine). The form asks only for a name and the socket, the test names the engine, and the saved
// host connects at once and lists dock1's containers.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  launchBrowser,
  openApp,
  startCompanionProcess,
  type AppPage,
  type CompanionProcess,
} from './harness';

const lab = inject('lab');
const UI_WAIT = { timeout: 120_000 };
const NAME = `this-machine-${Date.now().toString(36)}`;

describe('a local host from the add-host form', { timeout: 300_000 }, () => {
  let companion: CompanionProcess;
  let browser: Browser;
  let app: AppPage;

  beforeAll(async () => {
    companion = await startCompanionProcess();
    browser = await launchBrowser();
    app = await openApp(browser, companion);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await browser?.close();
    await companion?.stop();
  });

  it('adds this machine’s engine by its socket, tests it, and shows its containers', async () => {
    const { page } = app;
    await page
      .getByRole('region', { name: 'Host switcher' })
      .getByRole('button', { name: 'Add host', exact: true })
      .click();
    const form = page.getByRole('form', { name: 'Add host' });
    await form.getByText('This machine', { exact: true }).click();
    // Nothing of SSH is asked.
    await form.getByLabel('Docker socket').waitFor(UI_WAIT);
    expect(await form.getByLabel('Address').count()).toBe(0);
    expect(await form.getByLabel('User', { exact: true }).count()).toBe(0);
    expect(await form.getByText('Import from ~/.ssh/config').count()).toBe(0);

    await form.getByLabel('Name').fill(NAME);
    await form.getByLabel('Docker socket').fill('/no/such/docker.sock');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await form.getByText(/nothing is there/).waitFor(UI_WAIT);

    await form.getByLabel('Docker socket').fill(lab.hosts.dock1.dockerSocket ?? '');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await form.getByText(/answered at .* on this machine/).waitFor(UI_WAIT);
    await form.getByRole('button', { name: 'Add host', exact: true }).click();

    const client = companion.client();
    await expect
      .poll(async () => (await client.call('hosts.list')).find((host) => host.name === NAME)?.kind, UI_WAIT)
      .toBe('local');
    const host = (await client.call('hosts.list')).find((entry) => entry.name === NAME);
    await expect
      .poll(async () => (await client.call('hosts.getStatus', { hostId: host?.id ?? '' })).state, UI_WAIT)
      .toBe('connected');

    const switcher = page.getByRole('region', { name: 'Host switcher' });
    await switcher.getByText('this machine (local socket)').waitFor(UI_WAIT);
    await switcher.getByText(NAME).click();
    await page.getByText('On this machine, through its Docker socket (no SSH)').waitFor(UI_WAIT);
    await app.screenshot('local-host-page.png');
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Containers', exact: true })
      .click();
    await page.getByRole('heading', { name: new RegExp(`Containers on ${NAME}`) }).waitFor(UI_WAIT);
    await page.getByText('this machine (local socket)').first().waitFor(UI_WAIT);
    await page
      .getByRole('row')
      .filter({ has: page.getByText('web1', { exact: true }) })
      .waitFor(UI_WAIT);
  });
});
