// Volumes and networks on the host page in the browser, against the real companion and dock3 (reached
// through the jump host). dock3 is the lab engine no other test keeps volumes or networks on, so its
// prunes only meet this file's own objects; each prune dialog must name exactly ours before it is
// confirmed, and the test stops there otherwise. Everything is checked against dock3's engine afterwards:
// what the dialogs removed is gone, what is in use is still there.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import type { TidewatchClient } from '@shared/rpc/client';
import { dockerCli, hostKeyFingerprint } from '../lab/lab';
import { dockerBinary } from '../lab/images';
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
const suffix = `${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
const name = (what: string) => `tw-b-${what}-${suffix}`;
const image = `${lab.images.web.repo}:1.0.0`;
const net = `10.199.${Math.floor(Math.random() * 250) + 1}`;
const [subnet, gateway] = [`${net}.0/24`, `${net}.1`];

const volumes = { used: name('vol-used'), removed: name('vol-rm'), pruned: name('vol-prune') };
const networks = {
  used: name('net-used'),
  stopped: name('net-stopped'),
  removed: name('net-rm'),
  pruned: name('net-prune'),
};
const containers = { volume: name('vuser'), network: name('nuser'), stopped: name('nstopped') };

function dock3(args: string[]): Promise<string> {
  return dockerCli('dock3', args).then((out) => out.trim());
}

async function exists(kind: 'volume' | 'network', object: string): Promise<boolean> {
  return dock3([kind, 'inspect', object]).then(
    () => true,
    () => false,
  );
}

describe('host page: volumes and networks', { timeout: 300_000 }, () => {
  let companion: CompanionProcess;
  let client: TidewatchClient & { close(): void };
  let browser: Browser;
  let app: AppPage;
  let imageLoaded = false;

  beforeAll(async () => {
    // dock3 cannot reach the lab registry: it gets dock1's copy of the web image.
    if (
      !(await dock3(['image', 'inspect', image]).then(
        () => true,
        () => false,
      ))
    ) {
      const docker = `${dockerBinary()} -H unix://${lab.hosts.dock1.dockerSocket ?? ''}`;
      const load = `${dockerBinary()} -H unix://${lab.hosts.dock3.dockerSocket ?? ''}`;
      await promisify(execFile)('bash', ['-o', 'pipefail', '-c', `${docker} save ${image} | ${load} load`]);
      imageLoaded = true;
    }
    for (const volume of Object.values(volumes)) await dock3(['volume', 'create', volume]);
    await dock3(['create', '--name', containers.volume, '-v', `${volumes.used}:/data`, image]);
    await dock3(['network', 'create', '--subnet', subnet, '--gateway', gateway, networks.used]);
    for (const network of [networks.stopped, networks.removed, networks.pruned])
      await dock3(['network', 'create', network]);
    await dock3(['run', '-d', '--name', containers.network, '--network', networks.used, image]);
    // Configured on a network but never started: it uses the network, the engine shows no endpoint.
    await dock3(['create', '--name', containers.stopped, '--network', networks.stopped, image]);

    companion = await startCompanionProcess({
      env: { TIDEWATCH_SECRET_KEY: randomBytes(32).toString('hex') },
    });
    client = companion.client();
    const jump = await client.call(
      'hosts.create',
      labHost(lab, 'jump', { name: 'jump', dockerEnabled: false }),
    );
    await client.call('hosts.trustHostKey', {
      hostId: jump.id,
      fingerprint: await hostKeyFingerprint('jump'),
    });
    const host = await client.call(
      'hosts.create',
      labHost(lab, 'dock3', { name: 'dock3', jumpHostId: jump.id }),
    );
    await client.call('hosts.trustHostKey', {
      hostId: host.id,
      fingerprint: await hostKeyFingerprint('dock3'),
    });
    await client.call('hosts.connect', { hostId: host.id });
    browser = await launchBrowser();
    app = await openApp(browser, companion);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await browser?.close();
    client?.close();
    await companion?.stop();
    for (const container of Object.values(containers))
      await dock3(['rm', '-f', container]).catch(() => undefined);
    for (const volume of Object.values(volumes))
      await dock3(['volume', 'rm', '-f', volume]).catch(() => undefined);
    for (const network of Object.values(networks))
      await dock3(['network', 'rm', network]).catch(() => undefined);
    if (imageLoaded) await dock3(['rmi', image]).catch(() => undefined);
  }, 120_000);

  function resources(): Locator {
    return app.page.getByRole('region', { name: 'Images, volumes and networks' });
  }

  function row(text: string): Locator {
    return resources().getByRole('row').filter({ hasText: text });
  }

  async function openHost(): Promise<void> {
    const { page } = app;
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Hosts', exact: true })
      .click();
    await page.getByLabel('Open dock3').click();
  }

  it('lists our volumes with their users, removes an unused one, prunes only the unused rest', async () => {
    const { page } = app;
    await openHost();
    await resources().getByRole('tab', { name: 'Volumes' }).click();
    await row(volumes.used).waitFor(UI_WAIT);
    await expect.poll(() => row(volumes.used).textContent(), UI_WAIT).toContain(containers.volume);
    for (const unused of [volumes.removed, volumes.pruned])
      expect(await row(unused).getByText('unused', { exact: true }).count()).toBe(1);
    await app.screenshot('host-resources-volumes.png');

    // In use: the dialog says by whom and offers no removal.
    await row(volumes.used)
      .getByRole('button', { name: `Remove ${volumes.used}` })
      .click();
    let dialog = page.getByRole('dialog', { name: `Remove ${volumes.used}?` });
    await dialog.getByText(`Used by ${containers.volume}: remove those containers first.`).waitFor(UI_WAIT);
    expect(await dialog.getByRole('button', { name: 'Remove volume' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden', ...UI_WAIT });

    await row(volumes.removed)
      .getByRole('button', { name: `Remove ${volumes.removed}` })
      .click();
    dialog = page.getByRole('dialog', { name: `Remove ${volumes.removed}?` });
    await dialog.getByRole('button', { name: 'Remove volume' }).click();
    await dialog.waitFor({ state: 'hidden', ...UI_WAIT });
    await row(volumes.removed).waitFor({ state: 'detached', ...UI_WAIT });
    expect(await exists('volume', volumes.removed)).toBe(false);

    await resources().getByRole('button', { name: 'Prune unused volumes…' }).click();
    dialog = page.getByRole('dialog', { name: 'Prune unused volumes?' });
    // Exactly our one unused volume, or this test stops before pruning anything.
    expect(await dialog.getByLabel('Reclaimable').textContent()).toMatch(
      new RegExp(`^1 volume no container uses, with all their data: ${volumes.pruned}\\. `),
    );
    await dialog.getByRole('button', { name: 'Prune volumes' }).click();
    await dialog.waitFor({ state: 'hidden', ...UI_WAIT });
    await row(volumes.pruned).waitFor({ state: 'detached', ...UI_WAIT });
    expect(await row(volumes.used).count()).toBe(1);

    expect(await exists('volume', volumes.pruned)).toBe(false);
    expect(await exists('volume', volumes.used)).toBe(true);
    expect(app.consoleErrors).toEqual([]);
  });

  it('lists our networks with subnet and containers, removes an unused one, prunes only the unused rest', async () => {
    const { page } = app;
    await openHost();
    await resources().getByRole('tab', { name: 'Networks' }).click();
    await row(networks.used).waitFor(UI_WAIT);
    const address = await dock3([
      'inspect',
      '--format',
      `{{(index .NetworkSettings.Networks "${networks.used}").IPAddress}}`,
      containers.network,
    ]);
    await expect
      .poll(() => row(networks.used).textContent(), UI_WAIT)
      .toContain(`${containers.network} (${address})`);
    expect(await row(networks.used).textContent()).toContain(`${subnet} via ${gateway}`);
    expect(await row(networks.stopped).textContent()).toContain(containers.stopped);
    expect(await row('bridge').getByRole('button', { name: 'Remove bridge' }).count()).toBe(0);
    await app.screenshot('host-resources-networks.png');

    await row(networks.removed)
      .getByRole('button', { name: `Remove ${networks.removed}` })
      .click();
    let dialog = page.getByRole('dialog', { name: `Remove ${networks.removed}?` });
    await dialog.getByText('The network is deleted from the host.').waitFor(UI_WAIT);
    await dialog.getByRole('button', { name: 'Remove network' }).click();
    await dialog.waitFor({ state: 'hidden', ...UI_WAIT });
    await row(networks.removed).waitFor({ state: 'detached', ...UI_WAIT });
    expect(await exists('network', networks.removed)).toBe(false);

    await resources().getByRole('button', { name: 'Prune unused networks…' }).click();
    dialog = page.getByRole('dialog', { name: 'Prune unused networks?' });
    // Exactly our one unused network: not the running container's, not the stopped container's.
    expect(await dialog.getByLabel('Reclaimable').textContent()).toBe(
      `1 network no container uses: ${networks.pruned}. Networks take no disk space.`,
    );
    await dialog.getByRole('button', { name: 'Prune networks' }).click();
    await dialog.waitFor({ state: 'hidden', ...UI_WAIT });
    await row(networks.pruned).waitFor({ state: 'detached', ...UI_WAIT });

    expect(await exists('network', networks.pruned)).toBe(false);
    expect(await exists('network', networks.used)).toBe(true);
    // The prune left the stopped container's network, so the container still starts.
    expect(await exists('network', networks.stopped)).toBe(true);
    await dock3(['start', containers.stopped]);
    expect(await row(networks.stopped).count()).toBe(1);
    expect(app.consoleErrors).toEqual([]);
  });
});
