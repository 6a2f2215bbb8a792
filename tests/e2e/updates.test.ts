// The Updates page against the real companion and the lab: a container on dock1 runs lab/e2e-upd-web:1.0.0,
// the test pushes 1.1.0, and the browser finds, acknowledges and snoozes the update.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TidewatchClient } from '@shared/rpc/client';
import { buildAndPushImage, dockerCli } from '../lab/lab';
import { labHost } from '../support/lab-host';
import {
  launchBrowser,
  openApp,
  startCompanionProcess,
  type AppPage,
  type CompanionProcess,
} from './harness';

const lab = inject('lab');
// A repository of our own per run, so the other e2e helper's images and earlier runs never interfere.
const suffix = Date.now().toString(36);
const repo = `lab/e2e-upd-web-${suffix}`;
const containers = { web: `e2e-upd-a-${suffix}`, second: `e2e-upd-b-${suffix}` };

describe('updates: check, acknowledge and snooze in the browser', () => {
  let companion: CompanionProcess;
  let client: TidewatchClient & { close(): void };
  let browser: Browser;
  let app: AppPage;
  let hostId: string;

  let newBefore = 0;
  const newCount = async () => (await client.call('updates.list', { hostId, status: 'new' })).length;
  /** The number on dock1's badge in the host switcher (0 when the badge is hidden). */
  const badgeCount = async () => {
    const badge = app.page
      .getByRole('region', { name: 'Host switcher' })
      .getByRole('button', { name: /^dock1,/ })
      .getByLabel(/pending update/);
    return (await badge.count()) === 0 ? 0 : Number(await badge.innerText());
  };
  const image = (tag: string) => `${lab.registries.plain}/${repo}:${tag}`;

  beforeAll(async () => {
    await buildAndPushImage({ repo, tag: '1.0.0', registry: lab.registries.plain });
    for (const name of Object.values(containers)) {
      await dockerCli('dock1', ['run', '-d', '--name', name, image('1.0.0')]);
    }
    companion = await startCompanionProcess({
      env: { TIDEWATCH_SECRET_KEY: randomBytes(32).toString('hex') },
    });
    client = companion.client();
    hostId = await addTrustedDock1(client);
    await client.call('registries.create', { host: lab.registries.plain, insecure: true });
    await buildAndPushImage({ repo, tag: '1.1.0', registry: lab.registries.plain });
    browser = await launchBrowser();
    app = await openApp(browser, companion);
  });

  afterAll(async () => {
    await app?.close();
    await browser?.close();
    await companion?.stop();
    for (const name of Object.values(containers)) {
      await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
    }
    // The run's own repository: nothing else uses its image on dock1.
    await dockerCli('dock1', ['rmi', image('1.0.0')]).catch(() => undefined);
  });

  async function addTrustedDock1(api: TidewatchClient): Promise<string> {
    const host = await api.call('hosts.create', labHost(lab, 'dock1', { name: 'dock1' }));
    const probe = await api.call('hosts.testConnection', { hostId: host.id });
    expect(probe.fingerprint).toMatch(/^SHA256:/);
    await api.call('hosts.trustHostKey', { hostId: host.id, fingerprint: probe.fingerprint ?? '' });
    expect(await api.call('hosts.connect', { hostId: host.id })).toMatchObject({ state: 'connected' });
    return host.id;
  }

  it('"Check now" finds 1.0.0 → 1.1.0 (minor) and the host badge counts it', async () => {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Updates' }).click();
    await page.getByText('No updates yet').waitFor();
    await page.getByRole('button', { name: 'Check now' }).click();

    // Grouped by pushed tag (the default): one header row for both containers, closed.
    const label = `${repo}:1.1.0`;
    const group = page.getByRole('row').filter({ hasText: label });
    await group.waitFor({ timeout: 60_000 });
    expect(await group.innerText()).toContain('2 containers on 1 host (dock1)');
    expect(await page.getByRole('row').filter({ hasText: containers.web }).count()).toBe(0);
    const expand = page.getByRole('button', { name: `Expand ${label}` });
    expect(await expand.getAttribute('aria-expanded')).toBe('false');
    await expand.click();
    await page.getByRole('button', { name: `Collapse ${label}` }).waitFor();

    const row = page.getByRole('row').filter({ hasText: containers.web });
    await row.waitFor();
    await page.getByRole('row').filter({ hasText: containers.second }).waitFor();
    await expect.poll(() => row.getByLabel('Version change').innerText()).toMatch(/1\.0\.0\s*→\s*1\.1\.0/);
    expect(await row.getByText('minor', { exact: true }).isVisible()).toBe(true);
    expect(await row.getByText('new', { exact: true }).isVisible()).toBe(true);
    // Two containers from the same image: two entries, both new, counted on the host switcher.
    const entries = await client.call('updates.list', { hostId });
    const ours = entries.filter((entry) => entry.containerName.endsWith(suffix));
    expect(ours.map((entry) => entry.containerName).sort()).toEqual(Object.values(containers).sort());
    // dock1 is shared with other tests: the badge must equal the core's count of new entries.
    newBefore = await newCount();
    expect(newBefore).toBeGreaterThanOrEqual(2);
    await expect.poll(() => badgeCount()).toBe(newBefore);
  });

  it('shows the same two entries as rows in the flat view, and sorts them by host', async () => {
    const { page } = app;
    const label = `${repo}:1.1.0`;
    // The segmented control's radios are visually hidden: click their labels, as a user does.
    const view = page.getByRole('radiogroup', { name: 'View' });
    await view.getByText('Flat', { exact: true }).click();
    expect(await page.getByRole('radio', { name: 'Flat' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: `Collapse ${label}` }).waitFor({ state: 'detached' });
    for (const name of Object.values(containers)) {
      await page.getByRole('row').filter({ hasText: name }).waitFor();
    }
    await page.getByRole('button', { name: 'Sort by Host' }).click();
    const hostCells = async () =>
      (
        await page.getByRole('table', { name: 'Updates' }).locator('tbody tr td:nth-child(2)').allInnerTexts()
      ).map((text) => text.trim());
    const hosts = await hostCells();
    expect(hosts).toEqual([...hosts].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
    // Back to grouped: the group is still open, so the rows stay in view for the next steps.
    await view.getByText('Grouped by tag', { exact: true }).click();
    await page.getByRole('button', { name: `Collapse ${label}` }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: containers.web }).count()).toBe(1);
  });

  it('fits the table in the window, with no sideways scrolling, at 1280 and at 900 px wide', async () => {
    const { page } = app;
    const table = page.locator('table[aria-label="Updates"]');
    // The group is open: its header row (with "Update all") and both entry rows (with every row action).
    await page.getByRole('button', { name: `Collapse ${repo}:1.1.0` }).waitFor();
    // The sideways overflow of the table's scroll container (its nearest ancestor that scrolls sideways,
    // whatever Mantine renders), and the right edge of the last row's rightmost control against the edge
    // it must stay within: the window's and the scroll container's.
    const measure = () =>
      table.evaluate((element) => {
        const page = element.ownerDocument;
        const scrolls = (node: typeof element) =>
          ['auto', 'scroll'].includes(page.defaultView?.getComputedStyle(node).overflowX ?? '');
        let scroller = element.parentElement;
        while (scroller && !scrolls(scroller)) scroller = scroller.parentElement;
        const box = scroller ?? page.documentElement;
        const rows = element.querySelectorAll('tbody tr');
        const controls = [...(rows[rows.length - 1]?.querySelectorAll('button, a[href]') ?? [])];
        return {
          overflow: box.scrollWidth - box.clientWidth,
          controls: controls.length,
          right: Math.max(...controls.map((control) => control.getBoundingClientRect().right)),
          limit: Math.min(page.documentElement.clientWidth, box.getBoundingClientRect().right),
        };
      });
    for (const width of [1280, 900]) {
      await page.setViewportSize({ width, height: 800 });
      await app.screenshot(`updates-${width}.png`);
      await expect.poll(async () => (await measure()).overflow).toBeLessThanOrEqual(1);
      const { controls, right, limit } = await measure();
      expect(controls).toBeGreaterThan(0);
      expect(right).toBeLessThanOrEqual(limit + 1);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('acknowledges the selected row; the badge drops to 1', async () => {
    const { page } = app;
    const row = page.getByRole('row').filter({ hasText: containers.web });
    await page.getByRole('checkbox', { name: `Select ${containers.web}` }).check();
    await page.getByRole('button', { name: 'Acknowledge selected' }).click();
    await row.getByText('acknowledged', { exact: true }).waitFor();
    await expect.poll(() => badgeCount()).toBe(newBefore - 1);
    const web = (await client.call('updates.list', { hostId })).find(
      (e) => e.containerName === containers.web,
    );
    expect(web?.status).toBe('acknowledged');
  });

  it('snoozes the second entry for a week; it leaves the pending view and the badge', async () => {
    const { page } = app;
    await page.getByRole('button', { name: `Snooze ${containers.second}` }).click();
    await page.getByRole('menuitem', { name: '1 week' }).click();
    await page.getByRole('row').filter({ hasText: containers.second }).waitFor({ state: 'detached' });
    const second = (await client.call('updates.list', { hostId })).find(
      (entry) => entry.containerName === containers.second,
    );
    expect(second?.status).toBe('snoozed');
    const days = (Date.parse(second?.snoozedUntil ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    await expect.poll(() => badgeCount()).toBe(newBefore - 2);

    // The status filter shows it again, marked snoozed.
    const statusFilter = page.getByRole('combobox', { name: 'Status' });
    await statusFilter.click();
    await page.getByRole('option', { name: 'snoozed', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: containers.second });
    await row.getByText('snoozed', { exact: true }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: containers.web }).count()).toBe(0);
    // Clicking the chosen option again clears the filter: every status, both of our rows.
    await statusFilter.click();
    await page.getByRole('option', { name: 'snoozed', exact: true }).click();
    await page.getByRole('row').filter({ hasText: containers.web }).waitFor();
    await page.getByRole('button', { name: 'Check status' }).click();
    await page.getByRole('table', { name: 'Schedules' }).waitFor();
    // The app scrolls inside its shell, so a taller viewport is what shows the whole page.
    await page.setViewportSize({ width: 1280, height: 1000 });
    await app.screenshot('updates.png');
    expect(app.consoleErrors).toEqual([]);
    expect(await app.cspViolations()).toEqual([]);
    expect(app.blockedRequests).toEqual([]);
  });

  it('opens filtered to a host from ?host= (the target of a notification click)', async () => {
    const { page } = app;
    await page.goto(`${companion.origin}/#/updates?host=${encodeURIComponent(hostId)}`);
    await expect.poll(() => page.getByRole('combobox', { name: 'Host' }).inputValue()).toBe('dock1');
    await page.getByRole('row').filter({ hasText: containers.web }).waitFor();
    await page.goto(`${companion.origin}/#/updates?host=no-such-host`);
    await page.getByText('No update matches these filters.').waitFor();
  });

  it('snoozes a whole group from its header, then the Undo brings every row back', async () => {
    const { page } = app;
    const label = `${repo}:1.1.0`;
    const ours = async () =>
      (await client.call('updates.list', { hostId })).filter((entry) => entry.containerName.endsWith(suffix));
    await client.call('updates.restore', { ids: (await ours()).map((entry) => entry.id) });
    // A fresh page: the default filter (pending) and every group closed.
    await page.goto(`${companion.origin}/#/updates`);
    await page.reload();
    const group = page.getByRole('row').filter({ hasText: label });
    await group.waitFor();
    expect(await group.innerText()).toContain('2 new');

    // "Update all" asks first, naming how many containers on how many hosts; cancelled here.
    await page.getByRole('button', { name: `Update all of ${label}` }).click();
    const confirm = page.getByRole('dialog', { name: `Update 2 containers on 1 host to 1.1.0?` });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect((await ours()).map((entry) => entry.status)).toEqual(['new', 'new']);

    await page.getByRole('button', { name: `Snooze all of ${label}` }).click();
    await page.getByRole('menuitem', { name: '1 day' }).click();
    await group.waitFor({ state: 'detached' });
    const snoozed = await ours();
    expect(snoozed.map((entry) => entry.status)).toEqual(['snoozed', 'snoozed']);
    for (const entry of snoozed) {
      const hours = (Date.parse(entry.snoozedUntil ?? '') - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(23);
      expect(hours).toBeLessThanOrEqual(24);
    }

    await page.getByText(`${label}: 2 containers snoozed for 1 day`).waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await group.waitFor();
    await expect.poll(async () => (await ours()).map((entry) => entry.status)).toEqual(['new', 'new']);
    expect(app.consoleErrors).toEqual([]);
  });

  it('walks the inbox with the keyboard: j to a group, Enter opens it, x selects a row, Enter opens its container', async () => {
    const { page } = app;
    const label = `${repo}:1.1.0`;
    await page.goto(`${companion.origin}/#/updates`);
    await page.getByRole('row').filter({ hasText: label }).waitFor();
    // Enter on a focused button stays that button's (the Undo clicked before may hold the focus).
    await page.evaluate('document.activeElement?.blur()');
    const activeText = () =>
      page.locator('table[aria-label="Updates"] tbody tr[aria-current="true"]').innerText();
    // dock1 is shared with other tests: walk down until our group's header is the active row.
    for (let presses = 0; presses < 50; presses += 1) {
      await page.keyboard.press('j');
      if ((await activeText()).includes(label)) break;
    }
    expect(await activeText()).toContain(label);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: `Collapse ${label}` }).waitFor();

    await page.keyboard.press('j');
    const first = await activeText();
    const name = Object.values(containers).find((candidate) => first.includes(candidate));
    expect(name).toBeDefined();
    await page.keyboard.press('x');
    expect(await page.getByRole('checkbox', { name: `Select ${name}` }).isChecked()).toBe(true);
    await page.keyboard.press('k');
    expect(await activeText()).toContain(label);
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/containers/${name}$`));
  });

  it('lists the lab registry in Settings → Registries, and its Test button reaches it', async () => {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
    const section = page.getByRole('region', { name: 'Registries' });
    await section.getByText(lab.registries.plain).first().waitFor();
    expect(await section.getByText('HTTP', { exact: true }).isVisible()).toBe(true);
    await section.getByRole('button', { name: `Edit ${lab.registries.plain}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Test' }).click();
    await page.getByRole('dialog').getByText('Test: ok').waitFor();
    await page.keyboard.press('Escape');
    expect(app.consoleErrors).toEqual([]);
  });

  it('adds a webhook notifier in Settings → Notifiers, sends a test to it and removes it', async () => {
    const { page } = app;
    // A loopback receiver: the companion posts the test notification here.
    const received: string[] = [];
    const server = createServer((req, res) => {
      received.push(req.url ?? '');
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const secretPath = `/hook/${randomBytes(8).toString('hex')}`;
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${secretPath}`;
    try {
      await page
        .getByRole('navigation', { name: 'Sections' })
        .getByRole('link', { name: 'Settings' })
        .click();
      const section = page.getByRole('region', { name: 'Notifiers' });
      await section.getByRole('button', { name: 'Add notifier' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox', { name: 'Name' }).fill('e2e hook');
      await dialog.getByRole('textbox', { name: 'URL' }).fill(url);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const row = section.getByRole('row').filter({ hasText: 'e2e hook' });
      await row.waitFor();
      // Only scheme and host come back: the path (the webhook's secret) is never shown.
      expect(await section.innerText()).not.toContain(secretPath);
      await row.getByRole('button', { name: 'Send a test notification to e2e hook' }).click();
      await page.getByText('e2e hook: test sent').waitFor();
      expect(received).toContain(secretPath);
      await row.getByRole('button', { name: 'Remove e2e hook' }).click();
      await row.waitFor({ state: 'detached' });
      expect(await client.call('updates.notifiers.list')).toEqual([]);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
