// Fleet-scale daily use in the browser against the real companion and dock1: the host page's top containers
// put a busybox CPU loop first, and a compose project's card (containers created by the test with compose's
// labels; compose itself is not in the lab) shows its folder and files and starts and stops the project,
// from its card and from a selection in All containers.
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
const UI_WAIT = { timeout: 90_000 };
const suffix = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const image = `${lab.registries.plain}/lab/web:1.0.0`;
const burner = `twops-e2e-burn-${suffix}`;
const project = `twops-e2e-${suffix}`;
const members = [`${project}-db-1`, `${project}-web-1`];
/** A second project whose two containers print in turns at fixed wall-clock seconds (merged-log test). */
const chatty = `twops-e2e-logs-${suffix}`;
const speakers = [`${chatty}-api-1`, `${chatty}-worker-1`];

function composeLabels(service: string, dependsOn?: string, projectName = project): string[] {
  const labels = {
    'com.docker.compose.project': projectName,
    'com.docker.compose.service': service,
    'com.docker.compose.container-number': '1',
    'com.docker.compose.oneoff': 'False',
    'com.docker.compose.project.working_dir': `/srv/${project}`,
    'com.docker.compose.project.config_files': `/srv/${project}/compose.yaml`,
    ...(dependsOn ? { 'com.docker.compose.depends_on': `${dependsOn}:service_started:false` } : {}),
  };
  return Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
}

const state = async (name: string) =>
  (await dockerCli('dock1', ['inspect', '-f', '{{.State.Status}}', name])).trim();

describe('host overview and compose projects', { timeout: 300_000 }, () => {
  let companion: CompanionProcess;
  let client: TidewatchClient & { close(): void };
  let browser: Browser;
  let app: AppPage;
  let hostId: string;

  beforeAll(async () => {
    await dockerCli('dock1', [
      'run',
      '-d',
      '--name',
      burner,
      '--entrypoint',
      'sh',
      image,
      '-c',
      'while :; do :; done',
    ]);
    await dockerCli('dock1', ['create', '--name', members[0] ?? '', ...composeLabels('db'), image]);
    await dockerCli('dock1', ['create', '--name', members[1] ?? '', ...composeLabels('web', 'db'), image]);
    companion = await startCompanionProcess({
      env: { TIDEWATCH_SECRET_KEY: randomBytes(32).toString('hex') },
    });
    client = companion.client();
    const host = await client.call('hosts.create', labHost(lab, 'dock1', { name: 'dock1' }));
    hostId = host.id;
    const probe = await client.call('hosts.testConnection', { hostId });
    await client.call('hosts.trustHostKey', { hostId, fingerprint: probe.fingerprint ?? '' });
    await client.call('hosts.connect', { hostId });
    browser = await launchBrowser();
    app = await openApp(browser, companion);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await browser?.close();
    client?.close();
    await companion?.stop();
    await dockerCli('dock1', ['rm', '-f', burner, ...members, ...speakers]).catch(() => undefined);
  });

  it('shows the CPU loop on top of the host page, and measures again on Refresh', async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Hosts', exact: true })
      .click();
    await page.getByLabel('Open dock1').click();
    const card = page.getByRole('region', { name: 'Top containers' });
    const byCpu = card.getByRole('table', { name: 'Top containers by cpu' });
    const row = byCpu.getByRole('row').filter({ hasText: burner });
    await row.waitFor(UI_WAIT);
    const cpu = Number.parseFloat((await row.getByRole('cell').nth(1).innerText()).replace('%', ''));
    expect(cpu).toBeGreaterThan(20);
    // dock1 is shared: whatever ranks above our loop must be burning CPU as well, not idling.
    const rows = await byCpu.locator('tbody tr').allInnerTexts();
    const ours = rows.findIndex((text) => text.includes(burner));
    for (const text of rows.slice(0, ours)) {
      expect(Number.parseFloat(text.split('\t')[1] ?? text.replace(/^[^\d]*/, ''))).toBeGreaterThan(20);
    }
    await card.getByRole('table', { name: 'Top containers by memory' }).getByRole('row').nth(1).waitFor();

    const stamp = card.getByText(/running measured/);
    const before = await stamp.innerText();
    await page.waitForTimeout(1100); // the stamp shows seconds: let the next one differ
    await card.getByRole('button', { name: 'Refresh top containers' }).click();
    await expect.poll(() => stamp.innerText(), UI_WAIT).not.toBe(before);
    await app.screenshot('host-top-containers.png');
    expect(app.consoleErrors).toEqual([]);
  });

  it("shows a compose project's folder and files, and starts and stops it as a whole", async () => {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Containers', exact: true })
      .click();
    const card = page.getByRole('region', { name: project });
    await card.waitFor(UI_WAIT);
    const files = card.getByLabel('Compose project files');
    expect(await files.innerText()).toContain(`/srv/${project}`);
    expect(await files.innerText()).toContain(`/srv/${project}/compose.yaml`);
    await card.getByText('0 of 2 running').waitFor(UI_WAIT);

    await card.getByRole('button', { name: `Start project ${project}`, exact: true }).click();
    await page.getByText(`Started ${project}`).waitFor(UI_WAIT);
    await card.getByText('2 of 2 running').waitFor(UI_WAIT);
    for (const name of members) expect(await state(name)).toBe('running');
    await app.screenshot('compose-project.png');

    await card.getByRole('button', { name: `Stop project ${project}`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Stop project ${project} (2 containers)?` });
    await dialog.getByRole('button', { name: 'Stop' }).click();
    await page.getByText(`Stopped ${project}`).waitFor(UI_WAIT);
    await card.getByText('0 of 2 running').waitFor(UI_WAIT);
    for (const name of members) expect(await state(name)).toBe('exited');
    expect(app.consoleErrors).toEqual([]);
  });

  it("merges a compose project's logs in time order, each line led by its container", async () => {
    // Both print at fixed epoch seconds, taking turns: said1x (api), said2x (worker), said3x (api), and so on.
    const start = Math.floor(Date.now() / 1000) + 4;
    const speak = (turns: number[]) =>
      turns
        .map((turn) => `while [ $(date +%s) -lt ${start + turn} ]; do sleep 0.1; done; echo said${turn + 1}x`)
        .join('; ') + '; sleep 100000';
    await dockerCli('dock1', [
      'run',
      '-d',
      '--name',
      speakers[0] ?? '',
      ...composeLabels('api', undefined, chatty),
      '--entrypoint',
      'sh',
      image,
      '-c',
      speak([0, 2, 4]),
    ]);
    await dockerCli('dock1', [
      'run',
      '-d',
      '--name',
      speakers[1] ?? '',
      ...composeLabels('worker', undefined, chatty),
      '--entrypoint',
      'sh',
      image,
      '-c',
      speak([1, 3]),
    ]);
    await expect
      .poll(async () => (await dockerCli('dock1', ['logs', speakers[0] ?? ''])).includes('said5x'), UI_WAIT)
      .toBe(true);

    const { page } = app;
    const card = page.getByRole('region', { name: chatty });
    await card.waitFor(UI_WAIT);
    await card.getByRole('button', { name: `Logs of project ${chatty}` }).click();
    const log = page.getByRole('log', { name: `Log of project ${chatty}` });
    await log.getByText('said5x').waitFor(UI_WAIT);
    await log.getByText('said4x').waitFor(UI_WAIT);
    const text = await log.innerText();
    const order = ['said1x', 'said2x', 'said3x', 'said4x', 'said5x'].map((line) => text.indexOf(line));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Each line carries its container's name.
    expect(text).toMatch(new RegExp(`${speakers[0]}\\s*\\|?\\s*said1x`));
    expect(text).toMatch(new RegExp(`${speakers[1]}\\s*\\|?\\s*said2x`));
    await app.screenshot('compose-merged-logs.png');

    // Hiding one container leaves the other's lines.
    await page
      .getByRole('group', { name: 'Containers in this log' })
      .getByText(speakers[0] ?? '')
      .click();
    await expect.poll(async () => (await log.innerText()).includes('said1x'), UI_WAIT).toBe(false);
    expect(await log.innerText()).toContain('said4x');
    expect(app.consoleErrors).toEqual([]);
  });

  it('starts and stops a compose project from a selection in All containers', async () => {
    const { page } = app;
    // The merged-log drawer of the test before is still open.
    await page.keyboard.press('Escape');
    await page
      .getByRole('log', { name: `Log of project ${chatty}` })
      .waitFor({ state: 'hidden', ...UI_WAIT });
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'All containers', exact: true })
      .click();
    await page.getByRole('textbox', { name: 'Filter containers' }).fill(project);
    // One container chosen is enough: the action is on its whole project.
    const checkbox = page.getByRole('checkbox', { name: `Select ${members[0]} on dock1` });
    await checkbox.waitFor(UI_WAIT);
    await checkbox.check();
    const projects = page.getByRole('button', { name: 'Compose projects (1)' });

    await projects.click();
    await page.getByRole('menuitem', { name: 'Start project', exact: true }).click();
    await page.getByText(`Started ${project} on dock1`).waitFor(UI_WAIT);
    for (const name of members) expect(await state(name)).toBe('running');

    await projects.click();
    await page.getByRole('menuitem', { name: 'Stop project', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Stop 1 compose project?' });
    await dialog.getByText(`${project} on dock1`).waitFor(UI_WAIT);
    await dialog.getByRole('button', { name: 'Stop' }).click();
    await page.getByText(`Stopped ${project} on dock1`).waitFor(UI_WAIT);
    for (const name of members) expect(await state(name)).toBe('exited');
    expect(app.consoleErrors).toEqual([]);
  });
});
