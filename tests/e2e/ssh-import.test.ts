// Adding several hosts at once from ~/.ssh/config, as a user with an existing OpenSSH setup does it: tick the
// hosts, review every server key in one list, trust the matching ones. The lab's config has dock3 behind
// the jump host: the jump host comes along (SSH only), and dock3's key is shown once the jump host is
// trusted. The config names no Docker socket: the core finds each engine (DOCKER_HOST) and the import saves it.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hostKeyFingerprint } from '../lab/lab';
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

const home = mkdtempSync(join(tmpdir(), 'tidewatch-e2e-import-home-'));
let companion: CompanionProcess;
let browser: Browser;
let app: AppPage;

beforeAll(async () => {
  // The import reads only the ~/.ssh of the user running the core: give the companion a home with the lab's.
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  copyFileSync(lab.sshConfig, join(home, '.ssh', 'config'));
  companion = await startCompanionProcess({ env: { HOME: home } });
  browser = await launchBrowser();
  app = await openApp(browser, companion, { path: '/hosts' });
}, 180_000);

afterAll(async () => {
  await app?.close();
  await browser?.close();
  await companion?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('import several hosts from ~/.ssh/config', () => {
  const dialog = () => app.page.getByRole('dialog', { name: 'Add hosts from ~/.ssh/config' });
  const row = (name: string): Locator => dialog().getByRole('row', { name, exact: true });

  it('adds the ticked hosts with their jump host, and lists every new key with its fingerprint', async () => {
    await app.page.getByRole('button', { name: 'Import from ~/.ssh/config' }).click();
    await dialog().getByLabel('Add dock1').check();
    await dialog().getByLabel('Add dock3').check();
    await dialog().getByRole('button', { name: 'Add 2 hosts' }).click();

    await row('dock1')
      .getByText(await hostKeyFingerprint('dock1'))
      .waitFor(UI_WAIT);
    await row('jump')
      .getByText(await hostKeyFingerprint('jump'))
      .waitFor(UI_WAIT);
    await row('jump').getByText('jump host, SSH only').waitFor(UI_WAIT);
    // dock3 is reached through the jump host, whose key nobody has trusted yet.
    await row('dock3').getByText('Waits until the key of jump is trusted').waitFor(UI_WAIT);
    expect(await row('dock3').getByRole('checkbox').count()).toBe(0);
    await app.screenshot('ssh-import-review.png');
  });

  it('trusts only the ticked keys, saves the socket Docker was found at, then offers the host behind the jump', async () => {
    await row('dock1').getByRole('checkbox').check();
    await row('jump').getByRole('checkbox').check();
    await dialog().getByRole('button', { name: 'Trust 2 keys and connect' }).click();

    await row('dock1').getByText('Trusted').waitFor(UI_WAIT);
    await row('dock1')
      .getByText(`Docker socket set to ${lab.hosts.dock1.dockerSocket}`, { exact: false })
      .waitFor(UI_WAIT);
    await row('jump').getByText('Trusted').waitFor(UI_WAIT);
    await row('dock3')
      .getByText(await hostKeyFingerprint('dock3'))
      .waitFor(UI_WAIT);
    await row('dock3').getByRole('checkbox').check();
    await dialog().getByRole('button', { name: 'Trust 1 key and connect' }).click();
    await row('dock3').getByText('Trusted').waitFor(UI_WAIT);
    await dialog().getByText('3 hosts: 3 trusted, 0 to review').waitFor(UI_WAIT);
    await app.screenshot('ssh-import-done.png');

    const client = companion.client();
    const hosts = await client.call('hosts.list');
    const byName = Object.fromEntries(hosts.map((host) => [host.name, host]));
    expect(Object.keys(byName).sort()).toEqual(['dock1', 'dock3', 'jump']);
    expect(byName.dock1).toMatchObject({
      address: lab.hosts.dock1.ip,
      user: lab.users.twlab,
      auth: { kind: 'key', keyPath: lab.keys.plain },
      jumpHostId: null,
      dockerSocket: lab.hosts.dock1.dockerSocket,
      hostKey: { fingerprint: await hostKeyFingerprint('dock1') },
    });
    expect(byName.jump).toMatchObject({ dockerEnabled: false, jumpHostId: null });
    expect(byName.dock3).toMatchObject({
      jumpHostId: byName.jump?.id,
      dockerSocket: lab.hosts.dock3.dockerSocket,
    });
    await expect
      .poll(async () => (await client.call('hosts.status')).map((status) => status.state), UI_WAIT)
      .toEqual(['connected', 'connected', 'connected']);
    // Docker answers on dock3 through the jump host, at the socket the import saved.
    const info = await client.call('docker.info', { hostId: byName.dock3?.id ?? '' });
    expect(info.serverVersion).not.toBe('');
    expect(app.consoleErrors).toEqual([]);
  });

  it('lists the added hosts as already added when the import is opened again', async () => {
    await dialog().getByRole('button', { name: 'Done' }).click();
    await app.page.getByRole('button', { name: 'Import from ~/.ssh/config' }).click();
    await dialog().getByText('Already added').first().waitFor(UI_WAIT);
    expect(await dialog().getByText('Already added').count()).toBe(3);
    expect(await dialog().getByLabel('Add dock2').count()).toBe(1);
  });
});

describe('all-hosts overview', () => {
  const dialog = () => app.page.getByRole('dialog', { name: 'Add hosts from ~/.ssh/config' });

  it("lists hosts problems first, with each connected host's CPU and memory", async () => {
    const client = companion.client();
    // An address in the lab subnet where nothing answers: a host that is down.
    const down = await client.call('hosts.create', {
      name: 'down-host',
      address: '10.231.0.250',
      user: lab.users.twlab,
      auth: { kind: 'key', keyPath: lab.keys.plain },
    });
    await client.call('hosts.connect', { hostId: down.id });
    await app.page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden', ...UI_WAIT });
    const table = app.page.getByRole('table', { name: 'All hosts' });
    const rows = table.locator('tbody tr');
    await table.getByRole('row', { name: 'down-host' }).getByText('Unreachable:').waitFor(UI_WAIT);
    expect(await rows.first().getAttribute('aria-label')).toBe('down-host');

    const dock1 = table.getByRole('row', { name: 'dock1', exact: true });
    await dock1.getByLabel(/^CPU \d+ %$/).waitFor(UI_WAIT);
    await dock1.getByLabel(/^Memory \d+ %$/).waitFor(UI_WAIT);
    await dock1.getByText(/ \/ \d/).waitFor(UI_WAIT);
    await table.getByRole('row', { name: 'jump', exact: true }).getByText('SSH only').waitFor(UI_WAIT);
    await app.page.setViewportSize({ width: 900, height: 800 });
    await app.screenshot('hosts-overview-900.png');
    await app.page.setViewportSize({ width: 1280, height: 800 });
    await app.screenshot('hosts-overview.png');
    expect(app.consoleErrors).toEqual([]);
  });
});
