// A shell in a container from its page, in Chromium against the real companion and dock1: Connect opens a
// TTY `docker exec` through the host's SSH connection into the xterm.js terminal, typed commands run and
// their output shows in the terminal, `exit` shows the exit code, and leaving the page closes the session
// (no shell left in the container).
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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
const name = `exec-e2e-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/** Shells (`sh` as the whole command line) running in the container, from the engine itself. */
async function shells(): Promise<number> {
  const top = await dockerCli('dock1', ['top', name, '-o', 'pid,args']);
  return top
    .split('\n')
    .slice(1)
    .filter((line) => /\bsh\s*$/.test(line.trim())).length;
}

describe('exec shell on the container page', { timeout: 300_000 }, () => {
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
      `${lab.images.web.repo}:1.0.0`,
      'sleep',
      '100000',
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
    // The renderer routes in the fragment: go straight to the container's page.
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await browser?.close();
    client?.close();
    await companion?.stop();
    await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
  });

  it('connects, runs a typed command, shows the exit, and closes the session when the page goes', async () => {
    const { page } = app;
    const terminal = page.getByLabel('Terminal', { exact: true });
    const rows = terminal.locator('.xterm-rows');
    const state = page.getByLabel('Shell state');
    // From the host's containers to this container's page (its row links there).
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Containers', exact: true })
      .click();
    await page.getByRole('heading', { name: /Containers on dock1/ }).waitFor(UI_WAIT);
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { name, exact: true }).waitFor(UI_WAIT);

    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => state.textContent(), UI_WAIT).toBe('open');
    await expect.poll(() => rows.innerText(), UI_WAIT).toContain('/ #');
    const token = randomBytes(4).toString('hex');
    await terminal.click();
    await page.keyboard.type(`echo e2e-$((6*7))-${token}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.innerText(), UI_WAIT).toContain(`e2e-42-${token}`);
    expect(await shells()).toBe(1);

    await page.keyboard.type('exit 3');
    await page.keyboard.press('Enter');
    await page.getByText('exited with code 3').waitFor(UI_WAIT);
    await expect.poll(() => shells(), UI_WAIT).toBe(0);

    // A new session, then the page goes away: the session closes with it.
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => state.textContent(), UI_WAIT).toBe('open');
    await expect.poll(() => shells(), UI_WAIT).toBe(1);
    await app.screenshot('exec-shell.png');
    await page.getByRole('link', { name: 'dock1' }).first().click();
    await expect.poll(() => shells(), UI_WAIT).toBe(0);

    expect(await app.cspViolations()).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  });
});
