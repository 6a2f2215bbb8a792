/**
 * Automatic updates end to end on dock1: a container labelled `tidewatch.update=patch` takes the patch
 * release the update check finds (and not the major one), through the deploy engine, by itself; its
 * neighbour without a label is left alone; and a failed automatic update is not tried again.
 */
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Deploy } from '@shared/schemas/deploys';
import { dockerCli } from '../lab/lab';
import { copyImage } from './helpers/registry-api';
import { createTrustedHost, labHost, startTestCore, uniqueName, type TestCore } from './ssh-helpers';

const lab = inject('lab');
const plain = lab.registries.plain;
const registry = { base: `http://${plain}` };
let t: TestCore;
let hostId: string;
let docker: Docker;
const containers: string[] = [];

beforeAll(async () => {
  t = await startTestCore({ deploys: { timing: { watchMs: 2_000, pollMs: 500, healthTimeoutMs: 60_000 } } });
  hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
  await t.client.call('registries.create', { host: plain, insecure: true });
  docker = (await t.core.docker.engine(hostId)).docker;
}, 120_000);

afterAll(async () => {
  for (const name of containers) await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
  await t?.close();
});

/** 1.0.0 and a patch 1.0.1 (healthy or sick), and a major 2.0.0 the patch policy must not take. */
async function repository(patch: 'healthy' | 'sick'): Promise<string> {
  const repo = `auto/${uniqueName('auto')}`;
  await copyImage(registry, 'lab/web', '1.0.0', registry, repo, '1.0.0');
  await copyImage(
    registry,
    patch === 'healthy' ? 'lab/web' : 'lab/sick',
    patch === 'healthy' ? '1.1.0' : '1.0.0',
    registry,
    repo,
    '1.0.1',
  );
  await copyImage(registry, 'lab/web', '1.1.0', registry, repo, '2.0.0');
  return `${plain}/${repo}`;
}

async function run(image: string, labels: string[]): Promise<string> {
  const name = uniqueName('auto');
  containers.push(name);
  await dockerCli('dock1', [
    'run',
    '-d',
    '--name',
    name,
    ...labels.flatMap((label) => ['--label', label]),
    image,
  ]);
  return name;
}

/** The container's deploys once none is running any more (deploys are slow by nature: no deadline here). */
async function settled(name: string): Promise<Deploy[]> {
  for (;;) {
    const deploys = await t.client.call('deploys.list', { hostId, containerName: name });
    if (deploys.length > 0 && deploys.every((deploy) => deploy.state !== 'running')) return deploys;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('automatic updates', { timeout: 300_000 }, () => {
  it('takes the patch the label allows after a check, and leaves an unlabelled container alone', async () => {
    const repo = await repository('healthy');
    const auto = await run(`${repo}:1.0.0`, ['tidewatch.update=patch']);
    const manual = await run(`${repo}:1.0.0`, []);

    await t.core.updates.poller.run(hostId);
    const [deploy] = await settled(auto);
    expect(deploy).toMatchObject({ state: 'done', image: `${repo}:1.0.1` });
    expect((await docker.getContainer(auto).inspect()).Config.Image).toBe(`${repo}:1.0.1`);
    expect(await t.client.call('deploys.list', { hostId, containerName: manual })).toEqual([]);
    expect((await docker.getContainer(manual).inspect()).Config.Image).toBe(`${repo}:1.0.0`);
  });

  it('a failed automatic update rolls back, shows in the history and is not tried again', async () => {
    const repo = await repository('sick');
    const name = await run(`${repo}:1.0.0`, ['tidewatch.update=patch']);
    await t.core.updates.poller.run(hostId);
    const [deploy] = await settled(name);
    expect(deploy).toMatchObject({ state: 'rolled-back', image: `${repo}:1.0.1` });

    await t.core.updates.poller.run(hostId);
    const decisions = await t.core.autoUpdater.evaluate();
    expect(decisions).toContainEqual(
      expect.objectContaining({
        containerName: name,
        action: 'skipped',
        reason: expect.stringContaining('the update to 1.0.1 failed'),
      }),
    );
    expect(await t.client.call('deploys.list', { hostId, containerName: name })).toHaveLength(1);
    expect((await docker.getContainer(name).inspect()).Config.Image).toBe(`${repo}:1.0.0`);
  });

  it('a check during a deploy leaves the entry as it was and never lists the parked old container', async () => {
    const repo = await repository('sick');
    const name = await run(`${repo}:1.0.0`, []);
    await t.core.updates.poller.run(hostId);
    const before = (await t.client.call('updates.list', { hostId })).find((e) => e.containerName === name);
    expect(before).toMatchObject({ availableTag: '2.0.0' });

    let midCheck: Promise<unknown> | null = null;
    const stop = t.core.events.on('deploys.progress', (progress) => {
      if (progress.containerName === name && progress.step === 'health')
        midCheck ??= t.core.updates.poller.run(hostId);
    });
    const { finished } = await t.core.deploys.start({ hostId, containerName: name, tag: '1.0.1' });
    await finished;
    stop();
    expect(midCheck).not.toBeNull();
    await midCheck;
    const entries = await t.client.call('updates.list', { hostId });
    expect(entries.find((e) => e.containerName === name)).toMatchObject({
      id: before?.id,
      firstSeen: before?.firstSeen,
    });
    expect(entries.filter((e) => e.containerName.includes('.tidewatch-old'))).toEqual([]);
  });
});
