// Hosts and containers through the UI only: the real companion, Chromium and the lab's sshd/dockerd.
// Add a host with trust on first use, see and stop its containers (the list follows docker events), add a
// password host, switch between hosts, read logs, survive a changed host key, and find the hosts connected
// again after a companion restart (the core restores wanted connections by itself).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dockerCli, hostKeyFingerprint, killSshConnections, regenerateHostKey } from '../lab/lab';
import {
  launchBrowser,
  openApp,
  startCompanionProcess,
  type AppPage,
  type CompanionProcess,
} from './harness';

const lab = inject('lab');
const WEB = 'e2e-hosts-web';
const MARKER = `tidewatch-e2e-marker-${randomBytes(4).toString('hex')}`;
/** Bounds for waits on real daemons; failures, not performance assertions. */
const UI_WAIT = { timeout: 30_000 };

const dataDir = mkdtempSync(join(tmpdir(), 'tidewatch-e2e-hosts-'));
const env = { TIDEWATCH_SECRET_KEY: randomBytes(32).toString('base64') };
let companion: CompanionProcess;
let browser: Browser;
let app: AppPage;

beforeAll(async () => {
  await dockerCli('dock1', ['rm', '-f', WEB]).catch(() => undefined);
  await dockerCli('dock1', ['run', '-d', '--name', WEB, `${lab.images.web.repo}:1.0.0`]);
  companion = await startCompanionProcess({ dataDir, env });
  browser = await launchBrowser();
  app = await openApp(browser, companion);
});

afterAll(async () => {
  await app?.close();
  await browser?.close();
  await companion?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  await dockerCli('dock1', ['rm', '-f', WEB]).catch(() => undefined);
});

interface HostFields {
  name: string;
  address: string;
  user: string;
  auth: { keyPath: string } | { password: string };
  dockerSocket?: string;
}

function switcher(page: Page): Locator {
  return page.getByRole('region', { name: 'Host switcher' });
}

function switcherItem(page: Page, name: string): Locator {
  return switcher(page).getByRole('button', { name: new RegExp(`^${name}, `) });
}

function nav(page: Page, name: string): Promise<void> {
  return page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();
}

function containerRow(page: Page, name: string): Locator {
  return page.getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
}

/** Waits until a right-hand drawer has slid fully in (its transition ends there), so a screenshot shows it. */
async function settle(page: Page, drawer: Locator): Promise<void> {
  const viewportWidth = page.viewportSize()?.width;
  await expect
    .poll(async () => {
      const box = await drawer.boundingBox();
      return box && Math.round(box.x + box.width);
    }, UI_WAIT)
    .toBe(viewportWidth);
}

/** Fills the add-host form, tests the connection, checks and trusts the presented key; answers the fingerprint. */
async function addHost(page: Page, fields: HostFields, expectedTest: string): Promise<string> {
  await switcher(page).getByRole('button', { name: 'Add host', exact: true }).click();
  const form = page.getByRole('form', { name: 'Add host' });
  await form.getByLabel('Name', { exact: true }).fill(fields.name);
  await form.getByLabel('Address', { exact: true }).fill(fields.address);
  await form.getByLabel('User', { exact: true }).fill(fields.user);
  if ('keyPath' in fields.auth) {
    await form.getByText('Key file', { exact: true }).click();
    await form.getByLabel('Private key path', { exact: true }).fill(fields.auth.keyPath);
  } else {
    await form.getByText('Password', { exact: true }).click();
    await form.getByLabel('SSH password', { exact: true }).fill(fields.auth.password);
  }
  if (fields.dockerSocket) await form.getByLabel('Docker socket', { exact: true }).fill(fields.dockerSocket);

  await form.getByRole('button', { name: 'Test connection' }).click();
  const confirm = form.locator('[aria-label="Host key confirmation"]');
  await confirm.waitFor(UI_WAIT);
  const fingerprint = (await confirm.getByLabel('Fingerprint', { exact: true }).textContent()) ?? '';
  await confirm.getByRole('button', { name: 'Trust', exact: true }).click();
  await form.getByText(expectedTest, { exact: true }).waitFor(UI_WAIT);
  await form.getByRole('button', { name: 'Add host', exact: true }).click();
  await form.waitFor({ state: 'detached', ...UI_WAIT });
  return fingerprint;
}

describe('hosts and containers through the UI', () => {
  it('adds dock1 with a key after checking its host key fingerprint, and it connects', async () => {
    const { page } = app;
    const fingerprint = await addHost(
      page,
      {
        name: 'dock1',
        address: lab.hosts.dock1.ip,
        user: lab.users.twlab,
        auth: { keyPath: lab.keys.plain },
        dockerSocket: lab.hosts.dock1.dockerSocket,
      },
      'Connection works',
    );
    expect(fingerprint).toBe(await hostKeyFingerprint('dock1'));
    await switcherItem(page, 'dock1')
      .and(page.getByRole('button', { name: 'dock1, Connected' }))
      .waitFor(UI_WAIT);
    const [host] = await companion.client().call('hosts.list');
    expect(host?.hostKey?.fingerprint).toBe(fingerprint);
  });

  it('lists dock1 containers and shows a container log', async () => {
    const { page } = app;
    await nav(page, 'Containers');
    await page.getByRole('heading', { name: /Containers on dock1/ }).waitFor(UI_WAIT);
    const row = containerRow(page, WEB);
    await row.getByText('running', { exact: true }).waitFor(UI_WAIT);
    await containerRow(page, 'web1').waitFor(UI_WAIT);

    await dockerCli('dock1', ['exec', WEB, 'sh', '-c', `echo ${MARKER} > /proc/1/fd/1`]);
    await row.getByRole('button', { name: `Logs of ${WEB}` }).click();
    const log = page.getByRole('log', { name: 'Container log' });
    await log.getByText(MARKER).waitFor(UI_WAIT);
    // ANSI colours are drawn, not printed as escapes; a search marks the match and counts it.
    await dockerCli('dock1', [
      'exec',
      WEB,
      'sh',
      '-c',
      `printf '\\033[31mRED-${MARKER}\\033[0m\\n' > /proc/1/fd/1`,
    ]);
    const red = log.getByText(`RED-${MARKER}`, { exact: true });
    await red.waitFor(UI_WAIT);
    expect(await red.getAttribute('style')).toMatch(/color: rgb\(\d+, \d+, \d+\)/);
    expect(await log.textContent()).not.toContain('[31m');
    const dialog = page.getByRole('dialog', { name: `Logs — ${WEB}` });
    await dialog.getByRole('textbox', { name: 'Search the log' }).fill(`red-${MARKER}`);
    expect(await dialog.getByLabel('Search matches').textContent()).toBe('1 of 1');
    expect(await log.locator('mark').first().textContent()).toBe(`RED-${MARKER}`);
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Download' }).click();
    const file = await (await download).path();
    const saved = (await import('node:fs')).readFileSync(file, 'utf8');
    expect(saved).toContain(MARKER);
    expect(saved).toContain(`RED-${MARKER}\n`);
    await settle(page, dialog);
    await app.screenshot('container-logs.png');
    await page.keyboard.press('Escape');
    await log.waitFor({ state: 'detached', ...UI_WAIT });
  });

  it('stops a container after confirmation, and the list shows it exited', async () => {
    const { page } = app;
    const row = containerRow(page, WEB);
    await row.getByRole('button', { name: `Stop ${WEB}` }).click();
    const dialog = page.getByRole('dialog', { name: `Stop ${WEB}?` });
    await dialog.getByRole('button', { name: 'Stop', exact: true }).click();
    await row.getByText('exited', { exact: true }).waitFor(UI_WAIT);
    expect((await dockerCli('dock1', ['inspect', '-f', '{{.State.Status}}', WEB])).trim()).toBe('exited');
    await app.screenshot('containers.png');
  });

  it('adds dock2 with a password, switches to it and back', async () => {
    const { page } = app;
    const fingerprint = await addHost(
      page,
      {
        name: 'dock2',
        address: lab.hosts.dock2.ip,
        user: lab.users.twlab,
        auth: { password: lab.passwords.twlab },
        dockerSocket: lab.hosts.dock2.dockerSocket,
      },
      'Connection works',
    );
    expect(fingerprint).toBe(await hostKeyFingerprint('dock2'));
    await page.getByRole('button', { name: 'dock2, Connected' }).waitFor(UI_WAIT);

    await nav(page, 'Containers');
    await switcherItem(page, 'dock2').click();
    await page.getByRole('heading', { name: /Containers on dock2/ }).waitFor(UI_WAIT);
    await containerRow(page, 'web2').waitFor(UI_WAIT);
    expect(await containerRow(page, WEB).count()).toBe(0);

    // Back to dock1: its list is already cached, so the rows are there without a loading state.
    await switcherItem(page, 'dock1').click();
    await page.getByRole('heading', { name: /Containers on dock1/ }).waitFor(UI_WAIT);
    expect(await containerRow(page, WEB).getByText('exited', { exact: true }).isVisible()).toBe(true);

    await nav(page, 'Hosts');
    await page.getByRole('button', { name: 'Open dock2' }).waitFor(UI_WAIT);
    await app.screenshot('hosts.png');
  });

  it('refuses a changed host key (jump host) and connects again only after re-trust', async () => {
    const { page } = app;
    const oldFingerprint = await addHost(
      page,
      { name: 'jump', address: lab.hosts.jump.ip, user: lab.users.twlab, auth: { keyPath: lab.keys.plain } },
      'Docker unavailable',
    );
    expect(oldFingerprint).toBe(await hostKeyFingerprint('jump'));
    await page.getByRole('button', { name: 'jump, Docker unavailable' }).waitFor(UI_WAIT);

    const newFingerprint = await regenerateHostKey('jump');
    await killSshConnections('jump');
    await page.getByRole('button', { name: 'jump, Host key changed' }).waitFor(UI_WAIT);
    await switcherItem(page, 'jump').click();
    const panel = page.getByRole('alert').filter({ hasText: 'The host key has changed' });
    await panel.waitFor(UI_WAIT);
    expect(await panel.getByLabel('Pinned fingerprint').textContent()).toBe(oldFingerprint);
    expect(await panel.getByLabel('Presented fingerprint').textContent()).toBe(newFingerprint);
    await app.screenshot('host-key-mismatch.png');

    await panel.getByRole('button', { name: /Review and trust the new key/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Replace the pinned key of jump?' });
    await dialog.getByLabel('I have verified the new fingerprint with the server').check();
    await dialog.getByRole('button', { name: 'Replace pinned key' }).click();
    await page.getByRole('button', { name: 'jump, Docker unavailable' }).waitFor(UI_WAIT);
    const jump = (await companion.client().call('hosts.list')).find((host) => host.name === 'jump');
    expect(jump?.hostKey?.fingerprint).toBe(newFingerprint);
  });

  it('marks the jump host as SSH only: connected, an honest note, and no containers to list', async () => {
    const { page } = app;
    await switcherItem(page, 'jump').click();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = page.getByRole('dialog', { name: 'Edit jump' });
    await form.getByLabel('This host has no Docker engine (jump host only)').check();
    expect(await form.getByLabel('Docker socket', { exact: true }).count()).toBe(0);
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('button', { name: 'jump, Connected' }).waitFor(UI_WAIT);
    await page.getByLabel('SSH only', { exact: true }).waitFor(UI_WAIT);
    expect(await page.getByLabel('Docker engine', { exact: true }).count()).toBe(0);
    const jump = (await companion.client().call('hosts.list')).find((host) => host.name === 'jump');
    expect(jump?.dockerEnabled).toBe(false);

    await nav(page, 'Containers');
    await page.getByText('No Docker engine on this host').waitFor(UI_WAIT);
  });

  it('has no console errors, CSP violations or outside requests', async () => {
    expect(app.consoleErrors).toEqual([]);
    expect(await app.cspViolations()).toEqual([]);
    expect(app.blockedRequests).toEqual([]);
  });

  it('connects the hosts again by itself after a companion restart', async () => {
    await app.close();
    expect(await companion.stop()).toBe(0);
    companion = await startCompanionProcess({ dataDir, env });
    app = await openApp(browser, companion);
    await app.page.getByRole('button', { name: 'dock1, Connected' }).waitFor(UI_WAIT);
    await app.page.getByRole('button', { name: 'dock2, Connected' }).waitFor(UI_WAIT);
  });
});
