/**
 * Workload stages deployed blue-green by the deploy engine on dock1, without a proxy (kind none): the new
 * instance starts beside the live one, takes the stage's free slot alias after its gate, the old one stops
 * and goes after the watch period; a sick image is removed while the live instance never stops; the stage's
 * rules (pattern, unknown stage, BUSY) and the teardown. The proxy switch itself is tested with Caddy in
 * workloads-caddy.test.ts.
 */
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Workload } from '@shared/schemas/workloads';
import { dockerCli } from '../lab/lab';
import { copyImage } from './helpers/registry-api';
import { createTrustedHost, labHost, startTestCore, uniqueName, type TestCore } from './ssh-helpers';

const lab = inject('lab');
const registry = { base: `http://${lab.registries.plain}` };
let t: TestCore;
let hostId: string;
let docker: Docker;
const networks: string[] = [];
const workloads: number[] = [];

beforeAll(async () => {
  t = await startTestCore({ deploys: { timing: { watchMs: 2_000, pollMs: 500, healthTimeoutMs: 60_000 } } });
  hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
  await t.client.call('registries.create', { host: lab.registries.plain, insecure: true });
  docker = (await t.core.docker.engine(hostId)).docker;
}, 120_000);

afterAll(async () => {
  for (const id of workloads)
    await t.client.call('workloads.remove', { id, removeVolumes: true }).catch(() => undefined);
  for (const name of networks) await dockerCli('dock1', ['network', 'rm', name]).catch(() => undefined);
  await t?.close();
});

/** A repository of this test's own: 1.0.0 and 2.0.0 healthy (lab/web 1.0.0, 1.1.0), 3.0.0 sick. */
async function ownRepository(): Promise<string> {
  const repo = `wl/${uniqueName('bg')}`;
  await copyImage(registry, 'lab/web', '1.0.0', registry, repo, '1.0.0');
  await copyImage(registry, 'lab/web', '1.1.0', registry, repo, '2.0.0');
  await copyImage(registry, 'lab/sick', '1.0.0', registry, repo, '3.0.0');
  return `${lab.registries.plain}/${repo}`;
}

async function createWorkload(image: string): Promise<Workload> {
  const network = uniqueName('net');
  networks.push(network);
  const workload = await t.client.call('workloads.create', {
    name: uniqueName('w').slice(0, 40).replace(/-$/, ''),
    hostId,
    image,
    port: 8080,
    network,
    env: [
      { key: 'MODE', value: 'prod' },
      { key: 'API_TOKEN', value: 'not-in-the-db', secret: true },
    ],
    stages: [{ name: 'prod', tagPattern: '*.*.*' }],
  });
  workloads.push(workload.id);
  return workload;
}

async function deploy(id: number, tag: string) {
  const { finished } = await t.core.workloads.deployer.deploy({ id, stage: 'prod', tag, confirmed: false });
  return finished;
}

async function aliasesOf(id: string, network: string): Promise<string[]> {
  const info = await docker.getContainer(id).inspect();
  return info.NetworkSettings.Networks[network]?.Aliases ?? [];
}

describe('blue-green deploys of a workload stage', { timeout: 300_000 }, () => {
  it('starts the new instance beside the old one, moves the slot, retires the old one', async () => {
    const workload = await createWorkload(await ownRepository());
    const network = workload.network as string;
    const slotA = `tw-${workload.name}-prod-a`;

    const first = await deploy(workload.id, '1.0.0');
    expect(first.reason).toBeNull();
    expect(first).toMatchObject({
      state: 'done',
      kind: 'blue-green',
      workloadId: workload.id,
      stage: 'prod',
    });
    expect(first.steps.map((step) => step.step)).toEqual([
      'lock',
      'resolve',
      'pull',
      'stage',
      'start',
      'health',
      'switch',
      'watch',
      'retire',
    ]);
    const [one] = (await t.client.call('workloads.get', { id: workload.id })).instances;
    expect(one).toMatchObject({ stage: 'prod', tag: '1.0.0', state: 'running', live: true });
    expect(await aliasesOf(one!.containerId, network)).toContain(slotA);
    // No proxy on this host: the instance is published on a port Docker picked, at the host's address.
    expect(one?.url).toMatch(new RegExp(`^http://${labHost(lab, 'dock1').address}:\\d+/$`));
    expect(await (await fetch(one!.url as string)).text()).toContain('lab/web 1.0.0');
    const created = await docker.getContainer(one!.containerId).inspect();
    expect(created.Config.Env).toEqual(expect.arrayContaining(['MODE=prod', 'API_TOKEN=not-in-the-db']));
    expect(JSON.stringify(t.core.db.prepare('SELECT env FROM workloads').all())).not.toContain(
      'not-in-the-db',
    );

    const second = await deploy(workload.id, '2.0.0');
    expect(second.reason).toBeNull();
    expect(second.state).toBe('done');
    const after = (await t.client.call('workloads.get', { id: workload.id })).instances;
    expect(after.map((item) => item.tag)).toEqual(['2.0.0']);
    expect(await aliasesOf(after[0]!.containerId, network)).toContain(slotA);
    await expect(docker.getContainer(one!.containerId).inspect()).rejects.toMatchObject({ statusCode: 404 });

    const history = await t.client.call('workloads.history', { id: workload.id });
    expect(history.map((item) => item.id)).toEqual([second.id, first.id]);
  });

  it('removes a sick new instance; the live one never stops', async () => {
    const workload = await createWorkload(await ownRepository());
    await deploy(workload.id, '1.0.0');
    const [live] = (await t.client.call('workloads.get', { id: workload.id })).instances;
    const startedAt = (await docker.getContainer(live!.containerId).inspect()).State.StartedAt;

    const sick = await deploy(workload.id, '3.0.0');
    expect(sick.state).toBe('rolled-back');
    expect(sick.reason).toMatch(/health check failed/);
    const after = (await t.client.call('workloads.get', { id: workload.id })).instances;
    expect(after.map((item) => [item.tag, item.state, item.live])).toEqual([['1.0.0', 'running', true]]);
    const still = await docker.getContainer(live!.containerId).inspect();
    expect(still.State.StartedAt).toBe(startedAt);
  });

  it('refuses tags outside the pattern, unknown stages and a second deploy of the stage at once', async () => {
    const workload = await createWorkload(await ownRepository());
    await expect(
      t.client.call('workloads.deploy', { id: workload.id, stage: 'prod', tag: 'latest' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(
      t.client.call('workloads.deploy', { id: workload.id, stage: 'nope', tag: '1.0.0' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      t.client.call('workloads.deploy', { id: 999_999, stage: 'prod', tag: '1.0.0' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const first = await t.client.call('workloads.deploy', { id: workload.id, stage: 'prod', tag: '1.0.0' });
    await expect(
      t.client.call('workloads.deploy', { id: workload.id, stage: 'prod', tag: '2.0.0' }),
    ).rejects.toMatchObject({ code: 'BUSY' });
    await waitFor(async () => (await t.client.call('deploys.get', { id: first.id })).state !== 'running');
  });

  it('tears a workload down: its containers and its configuration go', async () => {
    const workload = await createWorkload(await ownRepository());
    await deploy(workload.id, '1.0.0');
    const removed = await t.client.call('workloads.remove', { id: workload.id, removeVolumes: false });
    expect(removed.removedContainers).toBe(1);
    await expect(t.client.call('workloads.get', { id: workload.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const left = await docker.listContainers({
      all: true,
      filters: { label: [`tidewatch.workload=${workload.name}`] },
    });
    expect(left).toEqual([]);
  });
});

describe('stage rules: pinned tags, newest tag, auto-deploy turned on', { timeout: 300_000 }, () => {
  async function stageWorkload(
    stage: Record<string, unknown>,
  ): Promise<{ workload: Workload; repo: string }> {
    const repo = `wl/${uniqueName('pin')}`;
    const network = uniqueName('net');
    networks.push(network);
    const workload = await t.client.call('workloads.create', {
      name: uniqueName('p').slice(0, 40).replace(/-$/, ''),
      hostId,
      image: `${lab.registries.plain}/${repo}`,
      port: 8080,
      network,
      stages: [{ name: 'live', tagPattern: '*', ...stage }],
    });
    workloads.push(workload.id);
    return { workload, repo };
  }

  async function checkAndSettle(id: number) {
    const findings = await t.client.call('workloads.check', { id });
    await waitFor(async () =>
      (await t.client.call('workloads.history', { id })).every((deploy) => deploy.state !== 'running'),
    );
    return findings;
  }

  it('a pinned tag redeploys when its digest moves, and only then', async () => {
    const { workload, repo } = await stageWorkload({ pinnedTag: 'stable', autoDeploy: true });
    await copyImage(registry, 'lab/web', '1.0.0', registry, repo, 'stable');
    expect((await checkAndSettle(workload.id)).map((f) => [f.tag, f.action])).toEqual([
      ['stable', 'deployed'],
    ]);
    const [first] = (await t.client.call('workloads.get', { id: workload.id })).instances;
    expect((await docker.getContainer(first!.containerId).inspect()).Image).toBeTruthy();
    expect((await checkAndSettle(workload.id)).length).toBe(0);

    await copyImage(registry, 'lab/web', '1.1.0', registry, repo, 'stable');
    expect((await checkAndSettle(workload.id)).map((f) => [f.tag, f.action])).toEqual([
      ['stable', 'deployed'],
    ]);
    const view = await t.client.call('workloads.get', { id: workload.id });
    expect(view.instances.map((item) => item.tag)).toEqual(['stable']);
    expect(view.instances[0]?.containerId).not.toBe(first?.containerId);
    expect(view.stages[0]?.deployedDigest).toBe(lab.images.web.tags['1.1.0']);
  });

  it('without a pin follows the newest version; auto-deploy off keeps it pending until turned on', async () => {
    const { workload, repo } = await stageWorkload({ tagPattern: '*.*.*', autoDeploy: false });
    await copyImage(registry, 'lab/web', '1.0.0', registry, repo, '1.0.0');
    await copyImage(registry, 'lab/web', '1.1.0', registry, repo, '1.1.0');
    expect((await checkAndSettle(workload.id)).map((f) => [f.tag, f.action])).toEqual([['1.1.0', 'pending']]);
    const waiting = await t.client.call('workloads.get', { id: workload.id });
    expect(waiting.stages[0]?.pendingTag).toBe('1.1.0');
    expect(waiting.instances).toEqual([]);

    const {
      id: _id,
      createdAt: _c,
      updatedAt: _u,
      ...config
    } = await t.client
      .call('workloads.get', {
        id: workload.id,
      })
      .then(({ instances: _i, reachable: _r, unreachableReason: _w, ...rest }) => rest);
    await t.client.call('workloads.update', {
      id: workload.id,
      ...config,
      stages: config.stages.map(({ id: _s, pendingTag: _p, deployedDigest: _d, ...stage }) => ({
        ...stage,
        autoDeploy: true,
      })),
    });
    await waitFor(async () => (await t.client.call('workloads.history', { id: workload.id })).length > 0);
    await checkAndSettle(workload.id);
    const after = await t.client.call('workloads.get', { id: workload.id });
    expect(after.instances.map((item) => [item.tag, item.state])).toEqual([['1.1.0', 'running']]);
    expect(after.stages[0]?.pendingTag).toBeNull();
  });
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (;;) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
