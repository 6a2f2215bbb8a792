// Workloads in the browser against the real companion and dock1: the editor refuses a bad name at its
// field, creates a workload that the list then shows, edits a stage, and deletes it; the Workloads
// section of Settings saves the global settings and a host's proxy, and both survive a reload. Then a
// quick deploy of a lab image, a newer tag deployed blue-green from the workload's page, the config
// exported and checked for import, and the teardown of a workload that has an instance.
import { randomBytes } from 'node:crypto';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TidewatchClient } from '@shared/rpc/client';
import { readFile } from 'node:fs/promises';
import { dockerCli } from '../lab/lab';
import { copyImage } from '../integration/helpers/registry-api';
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
const NAME = `twui-web-${suffix}`;
const IMAGE = `${lab.registries.plain}/lab/web`;
const registry = { base: `http://${lab.registries.plain}` };
/** Quick deploy: a repository of this test's own (1.0.0 and 1.1.0 of lab/web), its workload and network. */
const QD_REPO = `twui/qd-${suffix}`;
const QD_NAME = `twui-qd-${suffix}`;
const QD_NETWORK = `twui-net-${suffix}`;

describe('workloads: editor, list, stage edit, delete; settings section', { timeout: 300_000 }, () => {
  let companion: CompanionProcess;
  let client: TidewatchClient & { close(): void };
  let browser: Browser;
  let app: AppPage;
  let hostId: string;
  let hostName: string;

  beforeAll(async () => {
    await copyImage(registry, 'lab/web', '1.0.0', registry, QD_REPO, '1.0.0');
    await copyImage(registry, 'lab/web', '1.1.0', registry, QD_REPO, '1.1.0');
    companion = await startCompanionProcess({
      env: { TIDEWATCH_SECRET_KEY: randomBytes(32).toString('hex') },
    });
    client = companion.client();
    const host = await client.call('hosts.create', labHost(lab, 'dock1', { name: `twui-dock1-${suffix}` }));
    const probe = await client.call('hosts.testConnection', { hostId: host.id });
    await client.call('hosts.trustHostKey', { hostId: host.id, fingerprint: probe.fingerprint ?? '' });
    await client.call('hosts.connect', { hostId: host.id });
    hostId = host.id;
    hostName = host.name;
    await client.call('registries.create', { host: lab.registries.plain, insecure: true });
    browser = await launchBrowser();
    app = await openApp(browser, companion);
  }, 240_000);

  afterAll(async () => {
    // Whatever a failed test left: the teardown through the core, then our own network.
    for (const workload of (await client?.call('workloads.list').catch(() => [])) ?? [])
      await client.call('workloads.remove', { id: workload.id, removeVolumes: true }).catch(() => undefined);
    await app?.close();
    await browser?.close();
    await companion?.stop();
    await dockerCli('dock1', ['network', 'rm', QD_NETWORK]).catch(() => undefined);
    // The images the quick deploy pulled (the tags stay in the lab registry, under our own repository).
    for (const tag of ['1.0.0', '1.1.0', '1.2.0'])
      await dockerCli('dock1', ['rmi', `${lab.registries.plain}/${QD_REPO}:${tag}`]).catch(() => undefined);
  });

  const nav = (label: string) =>
    app.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: label, exact: true });

  /** Mantine's Select is a combobox (older builds: a textbox) with a listbox of options. */
  async function choose(scope: Locator, label: string, option: string) {
    const field = scope
      .getByRole('combobox', { name: label })
      .or(scope.getByRole('textbox', { name: label }));
    await field.first().click();
    await app.page.getByRole('option', { name: option, exact: true }).click();
  }

  async function badgesFit(scope: Locator): Promise<string[]> {
    return scope.evaluate((root) =>
      [...root.querySelectorAll('.mantine-Badge-label')]
        .filter((label) => label.scrollWidth > label.clientWidth + 1)
        .map((label) => label.textContent ?? ''),
    );
  }

  it('refuses a bad name at its field, then creates the workload and lists it', async () => {
    const { page } = app;
    await nav('Workloads').click();
    await page.getByRole('heading', { name: 'Workloads' }).waitFor(UI_WAIT);
    await page.getByText('No workloads yet').waitFor(UI_WAIT);
    await page.getByRole('button', { name: 'New workload' }).click();
    const dialog = page.getByRole('dialog', { name: 'New workload' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Bad_Name');
    await choose(dialog, 'Host', hostName);
    await dialog.getByRole('textbox', { name: 'Image', exact: true }).fill(`${IMAGE}:1.0.0`);
    await dialog.getByRole('textbox', { name: 'Port', exact: true }).fill('8080');
    await dialog.getByRole('button', { name: 'Add variable' }).click();
    await dialog.getByRole('textbox', { name: 'Name of variable 1' }).fill('API_TOKEN');
    await dialog.getByRole('switch', { name: 'Secret' }).check();
    await dialog.getByLabel('Value of API_TOKEN').fill('s3cret-value');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Lowercase letters, digits and dashes (e.g. web-app)').waitFor(UI_WAIT);
    await dialog.getByText('The repository without a tag: each stage chooses its tags').waitFor(UI_WAIT);
    expect(await client.call('workloads.list')).toEqual([]);

    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(NAME);
    await dialog.getByRole('textbox', { name: 'Image', exact: true }).fill(IMAGE);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden', ...UI_WAIT });

    const card = page.getByRole('article', { name: `Workload ${NAME}` });
    await card.waitFor(UI_WAIT);
    await card.getByText(`on ${hostName}`).waitFor(UI_WAIT);
    await card.getByText(IMAGE, { exact: true }).waitFor(UI_WAIT);
    const stage = card.getByRole('group', { name: `Stage prod of ${NAME}` });
    await stage.getByText('manual *').waitFor(UI_WAIT);
    await stage.getByText('Nothing runs in this stage.').waitFor(UI_WAIT);
    const [saved] = await client.call('workloads.list');
    expect(saved).toMatchObject({
      name: NAME,
      hostId,
      image: IMAGE,
      port: 8080,
      reachable: true,
      env: [{ key: 'API_TOKEN', value: null, secret: true }],
      stages: [{ name: 'prod', tagPattern: '*', maxInstances: 1, confirm: false }],
    });
    // The secret never reaches the page: not in the list, not in the editor.
    expect(await page.content()).not.toContain('s3cret-value');
    await page.setViewportSize({ width: 900, height: 800 });
    expect(await badgesFit(card)).toEqual([]);
    await app.screenshot('workloads-list-900.png');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('edits a stage on the workload page; the stored secret stays without being shown', async () => {
    const { page } = app;
    await page.getByRole('link', { name: NAME, exact: true }).click();
    await page.getByRole('heading', { name: NAME }).waitFor(UI_WAIT);
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${NAME}` });
    expect(await dialog.getByLabel('Value of API_TOKEN').inputValue()).toBe('');
    const prod = dialog.getByRole('group', { name: 'Stage prod', exact: true });
    await prod.getByRole('textbox', { name: 'Tag pattern', exact: true }).fill('1.*');
    await prod.getByRole('checkbox', { name: 'Ask before deploying' }).check();
    await dialog.getByRole('button', { name: 'Add stage' }).click();
    const dev = dialog.getByRole('group', { name: 'Stage dev', exact: true });
    await dev.getByRole('textbox', { name: 'Tag pattern', exact: true }).fill('dev-*');
    await dev.getByRole('checkbox', { name: 'Auto-deploy' }).check();
    // A promote-from naming the stage itself is refused at the field; the other stage is offered.
    await choose(prod, 'Promote from', 'dev');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden', ...UI_WAIT });

    const prodPanel = page.getByRole('region', { name: 'Stage prod' });
    await prodPanel.getByText('manual 1.*').waitFor(UI_WAIT);
    await prodPanel.getByText('asks first').waitFor(UI_WAIT);
    await prodPanel.getByText('from dev').waitFor(UI_WAIT);
    await page.getByRole('region', { name: 'Stage dev' }).getByText('auto-deploy dev-*').waitFor(UI_WAIT);
    const [saved] = await client.call('workloads.list');
    expect(saved?.stages).toMatchObject([
      { name: 'prod', tagPattern: '1.*', confirm: true, autoDeploy: false, promoteFrom: 'dev' },
      { name: 'dev', tagPattern: 'dev-*', autoDeploy: true, promoteFrom: null },
    ]);
    expect(saved?.env).toEqual([{ key: 'API_TOKEN', value: null, secret: true }]);

    // Usable at 900 px: no status badge is cut.
    await page.setViewportSize({ width: 900, height: 800 });
    await page.getByRole('region', { name: 'Stage prod' }).waitFor(UI_WAIT);
    expect(await badgesFit(page.locator('main'))).toEqual([]);
    await app.screenshot('workload-detail-900.png');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('saves the Workloads settings and a host proxy; both survive a reload', async () => {
    const { page } = app;
    await nav('Settings').click();
    const section = page.getByRole('region', { name: 'Workloads' });
    await section.waitFor(UI_WAIT);
    await section.getByRole('textbox', { name: 'Subdomain pattern', exact: true }).fill('{stage}');
    await section.getByRole('textbox', { name: 'Domain', exact: true }).fill('apps.twui.test');
    await section.getByRole('button', { name: 'Save workload settings' }).click();
    await section.getByText('Must contain {project} (and usually {stage})').waitFor(UI_WAIT);
    expect((await client.call('settings.get')).workloadDomain).toBe('');
    await section.getByRole('textbox', { name: 'Subdomain pattern', exact: true }).fill('{project}-{stage}');
    await section.getByRole('button', { name: 'Save workload settings' }).click();
    await expect
      .poll(async () => (await client.call('settings.get')).workloadDomain, UI_WAIT)
      .toBe('apps.twui.test');

    const proxy = section.getByRole('group', { name: 'Proxy per host' });
    await proxy.getByText('Nginx Proxy Manager').click();
    await proxy.getByRole('button', { name: 'Save proxy settings' }).click();
    await proxy.getByText('A URL like http://127.0.0.1:81').waitFor(UI_WAIT);
    await proxy.getByRole('textbox', { name: 'API URL', exact: true }).fill('http://127.0.0.1:81');
    await proxy.getByRole('textbox', { name: 'Login e-mail', exact: true }).fill('admin@twui.test');
    await proxy.getByRole('button', { name: 'Set', exact: true }).click();
    await proxy.getByLabel('Password', { exact: true }).fill('npm-pass-twui');
    await proxy.getByRole('textbox', { name: 'Bind base path', exact: true }).fill('/srv/twui');
    await proxy.getByRole('switch', { name: 'HTTPS' }).check();
    await proxy.getByRole('button', { name: 'Save proxy settings' }).click();
    await expect.poll(async () => (await client.call('proxy.get', { hostId })).kind, UI_WAIT).toBe('npm');
    expect(await client.call('proxy.get', { hostId })).toMatchObject({
      npmUrl: 'http://127.0.0.1:81',
      npmEmail: 'admin@twui.test',
      npmPasswordSet: true,
      bindBasePath: '/srv/twui',
      https: true,
    });

    await page.reload();
    const again = page.getByRole('region', { name: 'Workloads' });
    await again.waitFor(UI_WAIT);
    expect(await again.getByRole('textbox', { name: 'Domain', exact: true }).inputValue()).toBe(
      'apps.twui.test',
    );
    expect(await again.getByRole('textbox', { name: 'Subdomain pattern', exact: true }).inputValue()).toBe(
      '{project}-{stage}',
    );
    const proxyAgain = again.getByRole('group', { name: 'Proxy per host' });
    await proxyAgain.getByLabel('NPM password state').getByText('set', { exact: true }).waitFor(UI_WAIT);
    expect(await proxyAgain.getByRole('textbox', { name: 'API URL', exact: true }).inputValue()).toBe(
      'http://127.0.0.1:81',
    );
    expect(await page.content()).not.toContain('npm-pass-twui');
    await app.screenshot('workload-settings.png');

    // Back to no proxy (the deploys below run without one): the page says what that costs.
    await proxyAgain.getByText('None', { exact: true }).click();
    await proxyAgain
      .getByText(/blue-green needs distinct ports and there is no zero-downtime switch/)
      .waitFor(UI_WAIT);
    await proxyAgain.getByRole('button', { name: 'Save proxy settings' }).click();
    await expect.poll(async () => (await client.call('proxy.get', { hostId })).kind, UI_WAIT).toBe('none');
  });

  it('deletes the workload after the teardown confirmation', async () => {
    const { page } = app;
    await nav('Workloads').click();
    await page.getByRole('link', { name: NAME, exact: true }).click();
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete ${NAME}?` });
    await dialog.getByRole('button', { name: 'Delete and tear down' }).click();
    await page.getByText('No workloads yet').waitFor(UI_WAIT);
    expect(await client.call('workloads.list')).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
    expect(app.blockedRequests).toEqual([]);
  });

  it('quick deploy: inspects the image on the host, prefills the editor, creates and deploys it', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Quick deploy' }).click();
    const dialog = page.getByRole('dialog', { name: 'Quick deploy' });
    await choose(dialog, 'Host', hostName);
    await dialog
      .getByRole('textbox', { name: 'Image', exact: true })
      .fill(`${lab.registries.plain}/${QD_REPO}:1.0.0`);
    await dialog.getByRole('button', { name: 'Continue' }).click();
    const name = dialog.getByRole('textbox', { name: 'Name', exact: true });
    await name.waitFor(UI_WAIT);
    expect(await name.inputValue()).toBe(`qd-${suffix}`);
    expect(await dialog.getByRole('textbox', { name: 'Port', exact: true }).inputValue()).toBe('8080');
    expect(await dialog.getByRole('textbox', { name: 'Image', exact: true }).inputValue()).toBe(
      `${lab.registries.plain}/${QD_REPO}`,
    );
    await dialog.getByText('It has a HEALTHCHECK, which gates the deploy.').waitFor(UI_WAIT);
    // Our own names, so what the lab gets is recognisably ours.
    await name.fill(QD_NAME);
    await dialog.getByRole('textbox', { name: 'Network', exact: true }).fill(QD_NETWORK);
    await dialog.getByRole('button', { name: 'Create and deploy 1.0.0' }).click();

    await page.getByRole('heading', { name: QD_NAME }).waitFor(UI_WAIT);
    const prod = page.getByRole('region', { name: 'Stage prod', exact: true });
    const live = prod.getByRole('row', { name: /^Instance / }).filter({ has: page.getByLabel(/ is live$/) });
    await live.getByText('1.0.0', { exact: true }).waitFor({ timeout: 240_000 });
    const history = page.getByRole('region', { name: 'Deploy history' });
    await history.getByLabel('Result: updated').waitFor({ timeout: 240_000 });
    const [workload] = await client.call('workloads.list');
    expect(workload?.instances).toEqual([
      expect.objectContaining({ tag: '1.0.0', state: 'running', live: true, stage: 'prod' }),
    ]);
    await app.screenshot('workload-quick-deployed.png');
  });

  it('deploys a newer tag from "Deploy version…": the new instance takes over, the old one goes', async () => {
    const { page } = app;
    const prod = page.getByRole('region', { name: 'Stage prod', exact: true });
    await prod.getByRole('button', { name: 'Deploy version…' }).click();
    const dialog = page.getByRole('dialog', { name: `Deploy ${QD_NAME} prod` });
    const tags = dialog.getByRole('table', { name: `Tags for ${QD_NAME} prod` });
    await tags.waitFor(UI_WAIT);
    // Newest first; the running one is marked.
    const rows = await tags.getByRole('row').allTextContents();
    expect(rows[0]).toContain('1.1.0');
    expect(rows[1]).toMatch(/1\.0\.0.*running here/);
    await dialog.getByRole('button', { name: 'Deploy 1.1.0 to prod' }).click();
    await dialog.waitFor({ state: 'hidden', ...UI_WAIT });
    // Live progress: the running deploy with its step log, here through the 30 s watch period.
    const progress = page.getByRole('region', { name: 'Deploy in progress' });
    await progress.getByLabel('Result: running').waitFor(UI_WAIT);
    await progress
      .getByRole('list', { name: /^Steps of deploy/ })
      .getByText('watch', { exact: true })
      .waitFor(UI_WAIT);

    const instances = prod.getByRole('row', { name: /^Instance / });
    const live = instances.filter({ has: page.getByLabel(/ is live$/) });
    await live.getByText('1.1.0', { exact: true }).waitFor({ timeout: 240_000 });
    // The old instance is retired after the watch period: only the new one stays.
    await expect
      .poll(async () => (await instances.allTextContents()).join(' | '), { timeout: 240_000 })
      .not.toContain('1.0.0');
    expect(await instances.count()).toBe(1);
    await expect
      .poll(
        async () =>
          (await client.call('workloads.history', { id: (await client.call('workloads.list'))[0]!.id })).map(
            (d) => d.state,
          ),
        { timeout: 240_000 },
      )
      .toEqual(['done', 'done']);
    const history = page.getByRole('region', { name: 'Deploy history' });
    await expect.poll(() => history.getByLabel('Result: updated').count(), UI_WAIT).toBe(2);
    const [workload] = await client.call('workloads.list');
    expect(workload?.instances.map((item) => [item.tag, item.live])).toEqual([['1.1.0', true]]);
    await app.screenshot('workload-switched.png');
  });

  it('a new tag found by "Check for new tags" waits as ready to deploy; Deploy on the list starts it', async () => {
    const { page } = app;
    await copyImage(registry, 'lab/web', '2.0.0', registry, QD_REPO, '1.2.0');
    // The stage asks first from now on: the list's Deploy then needs a confirmation.
    const [current] = await client.call('workloads.list');
    if (!current) throw new Error('the quick-deployed workload is missing');
    const {
      id,
      name,
      hostId: host,
      image,
      port,
      healthPath,
      env,
      volumes,
      cpus,
      memoryMb,
      network,
    } = current;
    await client.call('workloads.update', {
      ...{ id, name, hostId: host, image, port, healthPath, env, volumes, cpus, memoryMb, network },
      stages: current.stages.map(({ id: _id, pendingTag: _p, deployedDigest: _d, ...stage }) => ({
        ...stage,
        confirm: true,
      })),
    });
    await nav('Workloads').click();
    await page.getByRole('button', { name: 'Check for new tags' }).click();
    const card = page.getByRole('article', { name: `Workload ${QD_NAME}` });
    const deploy = card.getByRole('button', { name: `Deploy 1.2.0 to ${QD_NAME} prod` });
    await card.getByText('is ready to deploy').waitFor(UI_WAIT);
    const [waiting] = await client.call('workloads.list');
    expect(waiting?.stages[0]).toMatchObject({ pendingTag: '1.2.0', confirm: true });
    await deploy.click();
    const confirm = page.getByRole('dialog', { name: 'Deploy 1.2.0 to prod?' });
    await confirm.getByText(/asks before each deploy/).waitFor(UI_WAIT);
    await confirm.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByRole('heading', { name: QD_NAME }).waitFor(UI_WAIT);
    const prod = page.getByRole('region', { name: 'Stage prod', exact: true });
    const live = prod.getByRole('row', { name: /^Instance / }).filter({ has: page.getByLabel(/ is live$/) });
    await live.getByText('1.2.0', { exact: true }).waitFor({ timeout: 240_000 });
    await expect
      .poll(async () => (await client.call('workloads.list'))[0]?.instances.map((item) => item.tag), {
        timeout: 240_000,
      })
      .toEqual(['1.2.0']);
    await expect
      .poll(async () => (await client.call('workloads.list'))[0]?.stages[0]?.pendingTag, UI_WAIT)
      .toBeNull();
  });

  it('exports the config as a file; import checks it: broken YAML names its line, no change, then one applied', async () => {
    const { page } = app;
    await nav('Workloads').click();
    await page.getByRole('button', { name: 'Export config' }).click();
    const exporter = page.getByRole('dialog', { name: 'Export config' });
    await exporter.getByRole('checkbox', { name: 'Include secret values' }).check();
    expect(await exporter.getByRole('button', { name: 'Download' }).isDisabled()).toBe(true);
    await exporter.getByRole('checkbox', { name: 'Include secret values' }).uncheck();
    const [download] = await Promise.all([
      page.waitForEvent('download', UI_WAIT),
      exporter.getByRole('button', { name: 'Download' }).click(),
    ]);
    await exporter.waitFor({ state: 'hidden', ...UI_WAIT });
    expect(download.suggestedFilename()).toBe('tidewatch-workloads.yaml');
    expect(app.blockedRequests).toEqual([]);
    const text = await readFile(await download.path(), 'utf8');
    expect(text).toContain(QD_NAME);

    await page.getByRole('button', { name: 'Import config' }).click();
    const importer = page.getByRole('dialog', { name: 'Import config' });
    const area = importer.getByRole('textbox', { name: 'Config (YAML)' });
    await area.fill('projects:\n  web: [unclosed\n');
    await importer.getByRole('button', { name: 'Check' }).click();
    await importer
      .getByRole('list', { name: 'Problems' })
      .getByText(/^Line \d+: /)
      .first()
      .waitFor(UI_WAIT);
    expect(await importer.getByRole('button', { name: 'Apply' }).isDisabled()).toBe(true);
    await area.fill(text);
    await importer.getByRole('button', { name: 'Check' }).click();
    await importer.getByText('Nothing to change').waitFor(UI_WAIT);
    expect(await importer.getByRole('button', { name: 'Apply' }).isDisabled()).toBe(true);
    // One change, checked first and then applied.
    await area.fill(text.replace('port: 8080', 'port: 8081'));
    await importer.getByRole('button', { name: 'Check' }).click();
    const changes = importer.getByRole('table', { name: 'Changes' });
    await changes.waitFor(UI_WAIT);
    expect(await changes.getByRole('row').allTextContents()).toEqual([expect.stringContaining(QD_NAME)]);
    expect((await client.call('workloads.list'))[0]?.port).toBe(8080);
    await app.screenshot('workload-import-check.png');
    await importer.getByRole('button', { name: 'Apply' }).click();
    await importer.waitFor({ state: 'hidden', ...UI_WAIT });
    expect((await client.call('workloads.list'))[0]?.port).toBe(8081);
    expect((await client.call('workloads.list')).map((item) => item.name)).toEqual([QD_NAME]);
  });

  it('deletes a workload with an instance: its container leaves the host', async () => {
    const { page } = app;
    await page.getByRole('link', { name: QD_NAME, exact: true }).click();
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete ${QD_NAME}?` });
    await dialog.getByRole('button', { name: 'Delete and tear down' }).click();
    await page.getByText('No workloads yet').waitFor(UI_WAIT);
    const left = await dockerCli('dock1', ['ps', '-aq', '--filter', `label=tidewatch.workload=${QD_NAME}`]);
    expect(left.trim()).toBe('');
    expect(app.consoleErrors).toEqual([]);
    expect(app.blockedRequests).toEqual([]);
  });
});
